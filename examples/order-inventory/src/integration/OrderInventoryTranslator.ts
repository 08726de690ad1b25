import type { EventOf } from 'tactical-ddd';
import type { Command } from 'tactical-ddd/cqrs';
import { ReleaseStock, ReserveStock } from '../inventory/application/commands.js';
import type { StockReservationFailed } from '../inventory/domain/events.js';
import * as Inventory from '../inventory/domain/ids.js';
import type { Product } from '../inventory/domain/Product.js';
import { CancelOrder } from '../ordering/application/commands.js';
import type { OrderCancelled, OrderConfirmed } from '../ordering/domain/events.js';
import * as Ordering from '../ordering/domain/ids.js';
import type { CatalogEntry } from '../ordering/domain/ProductCatalog.js';

/**
 * The anti-corruption layer between Ordering and Inventory: the only code that knows both
 * models. It converts ids (the brands differ, so nothing else can mix them up), and turns one
 * context's events into the other context's commands, in that context's own language. Neither
 * domain imports the other.
 */
export const OrderInventoryTranslator = {
  /** Ordering's product reference → Inventory's product id (the same uuid, re-validated). */
  toInventoryProduct: (id: Ordering.ProductId): Inventory.ProductId => Inventory.ProductId.parse(id),
  /** Inventory's product id → Ordering's product reference. */
  toOrderingProduct: (id: Inventory.ProductId): Ordering.ProductId => Ordering.ProductId.parse(id),
  /** One reservation per order: the reservation takes the order's id. */
  reservationFor: (orderId: string): Inventory.ReservationId => Inventory.ReservationId.parse(orderId),
  /** The order a reservation was made for. */
  orderOf: (reservationId: string): Ordering.OrderId => Ordering.OrderId.parse(reservationId),

  /** `OrderConfirmed` (Ordering) → `ReserveStock` (Inventory). */
  reserveStockFor(event: EventOf<typeof OrderConfirmed>): Command<'ReserveStock', unknown, { reserved: boolean }> {
    return ReserveStock({
      reservationId: this.reservationFor(event.aggregateId),
      lines: event.payload.lines.map((line) => ({
        productId: this.toInventoryProduct(line.productId),
        quantity: line.quantity,
      })),
    });
  },

  /** The compensation of `ReserveStock`: cancel the order (Ordering) because stock is short. */
  cancelOrderFor(event: EventOf<typeof OrderConfirmed>): Command {
    return CancelOrder({ orderId: event.aggregateId as Ordering.OrderId, reason: 'Out of stock' });
  },

  /** `OrderCancelled` (Ordering) → `ReleaseStock` (Inventory): give back what was reserved, if anything. */
  releaseStockFor(event: EventOf<typeof OrderCancelled>): Command {
    return ReleaseStock({ reservationId: this.reservationFor(event.aggregateId) });
  },

  /** Why a reservation failed, in words a customer reads. */
  shortageReason(event: EventOf<typeof StockReservationFailed>): string {
    return `Out of stock: ${event.payload.shortages
      .map((s) => `${s.requested} requested, ${s.available} available of ${this.toOrderingProduct(s.productId)}`)
      .join('; ')}`;
  },

  /** Inventory's `Product` → Ordering's `CatalogEntry`. */
  toCatalogEntry: (product: Product): CatalogEntry => ({
    productId: Ordering.ProductId.parse(product.id),
    name: product.name,
    unitPrice: product.price,
  }),
};
