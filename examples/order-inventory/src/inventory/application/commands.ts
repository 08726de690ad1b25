import { defineCommand } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { ProductId, ReservationId } from '../domain/ids.js';

const Quantity = z.int().positive().max(1_000_000);

export const AddProduct = defineCommand(
  'AddProduct',
  z.object({
    sku: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    price: z.object({
      amount: z.string().regex(/^\d+(\.\d+)?$/, 'Must be a decimal amount'),
      currency: z.string().length(3),
    }),
    stock: z.int().min(0).max(1_000_000).default(0),
  }),
  z.object({ productId: ProductId.schema }),
);

export const ReceiveStock = defineCommand(
  'ReceiveStock',
  z.object({ productId: ProductId.schema, quantity: Quantity }),
);

/** Reserve all lines or none; the outcome is an event (`StockReserved` or `StockReservationFailed`). */
export const ReserveStock = defineCommand(
  'ReserveStock',
  z.object({
    reservationId: ReservationId.schema,
    lines: z.array(z.object({ productId: ProductId.schema, quantity: Quantity })).min(1),
  }),
  z.object({ reserved: z.boolean() }),
);

/** Give back what a reservation holds; nothing happens when it holds nothing. */
export const ReleaseStock = defineCommand('ReleaseStock', z.object({ reservationId: ReservationId.schema }));
