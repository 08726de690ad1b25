import { InsufficientStockError, type Product } from './Product.js';
import type { ReservationLine, Shortage, StockReservation } from './StockReservation.js';

/**
 * A domain service: reserving for an order touches several `Product` aggregates and one
 * `StockReservation`, so the rule "all lines or none" lives here, not in any one of them. It
 * checks every line first and changes the products only when all of them can be served.
 */
export class StockAllocator {
  allocate(
    reservation: StockReservation,
    lines: readonly ReservationLine[],
    products: ReadonlyMap<string, Product>,
  ): { readonly reserved: boolean; readonly shortages: readonly Shortage[] } {
    const wanted = new Map<string, number>();
    for (const line of lines) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
    const merged = [...wanted].map(([productId, quantity]) => ({ productId, quantity }) as ReservationLine);
    const shortages: Shortage[] = [];
    for (const line of merged) {
      const available = products.get(line.productId)?.available ?? 0;
      if (line.quantity > available) shortages.push({ productId: line.productId, requested: line.quantity, available });
    }
    if (shortages.length > 0) {
      reservation.fail(merged, shortages);
      return { reserved: false, shortages };
    }
    for (const line of merged) {
      const product = products.get(line.productId);
      if (product === undefined) throw new InsufficientStockError(line.productId, line.quantity, 0);
      product.reserve(reservation.id, line.quantity);
    }
    reservation.succeed(merged);
    return { reserved: true, shortages };
  }
}
