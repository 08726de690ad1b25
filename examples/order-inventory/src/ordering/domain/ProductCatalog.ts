import type { Money } from 'tactical-ddd/money';
import type { ProductId } from './ids.js';

/** A product as Ordering needs it to fill an order line. */
export interface CatalogEntry {
  readonly productId: ProductId;
  readonly name: string;
  readonly unitPrice: Money;
}

/**
 * A port: where Ordering looks products up. Ordering defines what it needs in its own terms;
 * the adapter that reads Inventory's products and translates them lives outside the domain.
 */
export interface ProductCatalog {
  /** The entry, or `undefined` when there is no such product. */
  find(productId: ProductId): Promise<CatalogEntry | undefined>;
}
