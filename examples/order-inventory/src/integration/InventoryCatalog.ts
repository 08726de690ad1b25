import type { Repository } from 'tactical-ddd';
import type { ProductId } from '../inventory/domain/ids.js';
import type { Product } from '../inventory/domain/Product.js';
import type * as Ordering from '../ordering/domain/ids.js';
import type { CatalogEntry, ProductCatalog } from '../ordering/domain/ProductCatalog.js';
import { OrderInventoryTranslator as translate } from './OrderInventoryTranslator.js';

/**
 * The adapter behind Ordering's `ProductCatalog` port: it reads Inventory's products and hands
 * Ordering its own `CatalogEntry` (customer/supplier, with the translator in between). In a
 * distributed system this would call Inventory's API or read a replicated catalog instead.
 */
export class InventoryCatalog implements ProductCatalog {
  constructor(private readonly products: Repository<Product, ProductId>) {}

  async find(productId: Ordering.ProductId): Promise<CatalogEntry | undefined> {
    const product = await this.products.findById(translate.toInventoryProduct(productId));
    return product === undefined ? undefined : translate.toCatalogEntry(product);
  }
}
