import type { StateStoredDefinition, Store } from 'tactical-ddd';
import type { Product } from '../domain/Product.js';
import type { StockReservation } from '../domain/StockReservation.js';

/** The port Inventory's handlers write through: a store whose sessions hold products and reservations. */
export type InventoryStore = Store<
  {
    readonly products: StateStoredDefinition<Product>;
    readonly reservations: StateStoredDefinition<StockReservation>;
  },
  unknown
>;
