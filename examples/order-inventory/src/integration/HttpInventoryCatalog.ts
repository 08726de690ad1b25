import { Money } from 'tactical-ddd/money';
import type { ProductView } from '../inventory/application/queries.js';
import * as Ordering from '../ordering/domain/ids.js';
import type { CatalogEntry, ProductCatalog } from '../ordering/domain/ProductCatalog.js';

/**
 * Ordering's `ProductCatalog` port when Inventory runs as another service: it asks Inventory's
 * API (`GET /products/:id`) and translates the answer into Ordering's `CatalogEntry`. A missing
 * product is `undefined` (the command fails with 404); Inventory being down fails the command.
 */
export class HttpInventoryCatalog implements ProductCatalog {
  constructor(
    private readonly inventoryUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async find(productId: Ordering.ProductId): Promise<CatalogEntry | undefined> {
    const response = await fetch(`${this.inventoryUrl}/products/${encodeURIComponent(productId)}`, {
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status === 404 || response.status === 400) return undefined;
    if (!response.ok) throw new Error(`Inventory answered ${response.status} for product ${productId}`);
    const product = (await response.json()) as ProductView;
    return {
      productId: Ordering.ProductId.parse(product.productId),
      name: product.name,
      unitPrice: Money.fromJSON(product.price),
    };
  }
}
