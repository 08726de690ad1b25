import { defineEvent, type EventOf } from 'tactical-ddd';
import * as z from 'zod';
import { ProductId, ReservationId } from './ids.js';

const Quantity = z.int().positive();
const Line = z.object({ productId: ProductId.schema, quantity: Quantity });

/** A product entered the catalog with its price and initial stock. */
export const ProductAdded = defineEvent(
  'ProductAdded',
  z.object({
    sku: z.string().min(1),
    name: z.string().min(1),
    price: z.object({ amount: z.string(), currency: z.string().length(3) }),
    onHand: z.int().nonnegative(),
  }),
);
/** Units arrived in the warehouse. */
export const StockReceived = defineEvent('StockReceived', z.object({ quantity: Quantity }));
/** Units of a product were set aside for a reservation. */
export const UnitsReserved = defineEvent(
  'UnitsReserved',
  z.object({ reservationId: ReservationId.schema, quantity: Quantity }),
);
/** Units set aside for a reservation became available again. */
export const UnitsReleased = defineEvent(
  'UnitsReleased',
  z.object({ reservationId: ReservationId.schema, quantity: Quantity }),
);

export type ProductEvent =
  | EventOf<typeof ProductAdded>
  | EventOf<typeof StockReceived>
  | EventOf<typeof UnitsReserved>
  | EventOf<typeof UnitsReleased>;

/** Every line of a reservation was set aside. */
export const StockReserved = defineEvent('StockReserved', z.object({ lines: z.array(Line).min(1) }));
/** Some line could not be served: nothing was set aside. */
export const StockReservationFailed = defineEvent(
  'StockReservationFailed',
  z.object({
    lines: z.array(Line).min(1),
    shortages: z
      .array(z.object({ productId: ProductId.schema, requested: Quantity, available: z.int().nonnegative() }))
      .min(1),
  }),
);
/** A reservation was given up: its units are available again. */
export const StockReleased = defineEvent('StockReleased', z.object({ lines: z.array(Line).min(1) }));

export type ReservationEvent =
  | EventOf<typeof StockReserved>
  | EventOf<typeof StockReservationFailed>
  | EventOf<typeof StockReleased>;
