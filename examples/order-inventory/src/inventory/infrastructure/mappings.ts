import type { SnapshotMapping } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';
import * as z from 'zod';
import { ProductId, ReservationId } from '../domain/ids.js';
import { Product } from '../domain/Product.js';
import { StockReservation } from '../domain/StockReservation.js';

const ProductDocument = z
  .strictObject({
    sku: z.string().min(1),
    name: z.string().min(1),
    price: z.object({ amount: z.string(), currency: z.string().length(3) }),
    onHand: z.int().nonnegative(),
    reserved: z.int().nonnegative(),
  })
  .refine((doc) => doc.reserved <= doc.onHand, { message: 'reserved exceeds onHand', path: ['reserved'] });
type ProductDocument = z.infer<typeof ProductDocument>;

/** A product as one JSON document (the stock invariant is checked on write and on read). */
export const productMapping: SnapshotMapping<Product, ProductDocument> = {
  schema: ProductDocument,
  toSnapshot: (product) => ({ ...product.props, price: product.price.toJSON() }),
  fromSnapshot: (doc, { id }) => Product.restore(ProductId.parse(id), { ...doc, price: Money.fromJSON(doc.price) }),
};

const Line = z.object({ productId: ProductId.schema, quantity: z.int().positive() });
const ReservationDocument = z.strictObject({
  status: z.enum(['new', 'reserved', 'failed', 'released']),
  lines: z.array(Line),
  shortages: z.array(z.object({ productId: ProductId.schema, requested: z.int(), available: z.int() })),
});
type ReservationDocument = z.infer<typeof ReservationDocument>;

export const reservationMapping: SnapshotMapping<StockReservation, ReservationDocument> = {
  schema: ReservationDocument,
  toSnapshot: (reservation) => ({
    status: reservation.status,
    lines: reservation.lines.map((line) => ({ ...line })),
    shortages: reservation.shortages.map((shortage) => ({ ...shortage })),
  }),
  fromSnapshot: (doc, { id }) => StockReservation.restore(ReservationId.parse(id), doc),
};
