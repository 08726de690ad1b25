import { defineId, type IdOf } from 'tactical-ddd';

/** A stocked product, in the Inventory context. */
export const ProductId = defineId('Inventory.Product');
export type ProductId = IdOf<typeof ProductId>;

/** A hold on stock for one purpose (one order). */
export const ReservationId = defineId('Reservation');
export type ReservationId = IdOf<typeof ReservationId>;
