import { defineEvent, type EventOf } from 'tactical-ddd';
import { Address, type AddressProps } from 'tactical-ddd/address';
import { Money } from 'tactical-ddd/money';
import * as z from 'zod';
import { CustomerId, OrderItemId, ProductId } from './ids.js';

/** A validated address, as JSON. */
const AddressJson = z.custom<AddressProps>((value) => Address.safeCreate(value).success, {
  message: 'Not a valid address',
});

const MoneyJson = z.object({ amount: z.string(), currency: z.string().length(3) });

/** A customer placed an order (empty or not) to be shipped to an address. */
export const OrderPlaced = defineEvent(
  'OrderPlaced',
  z.object({ customerId: CustomerId.schema, currency: z.string().length(3), shippingAddress: AddressJson }),
);

/** A line was added to a pending order, or its quantity raised when the product was already on it. */
export const OrderItemAdded = defineEvent(
  'OrderItemAdded',
  z.object({
    itemId: OrderItemId.schema,
    productId: ProductId.schema,
    productName: z.string().min(1),
    unitPrice: MoneyJson,
    quantity: z.int().positive(),
  }),
);

/** The customer confirmed the order: its lines and its priced total are final. */
export const OrderConfirmed = defineEvent(
  'OrderConfirmed',
  z.object({
    lines: z.array(z.object({ productId: ProductId.schema, quantity: z.int().positive() })).min(1),
    subtotal: MoneyJson,
    shipping: MoneyJson,
    total: MoneyJson,
  }),
);

/** The order was cancelled, by the customer or by the fulfilment process (compensation). */
export const OrderCancelled = defineEvent('OrderCancelled', z.object({ reason: z.string().min(1) }));

/** The order left the warehouse. */
export const OrderShipped = defineEvent('OrderShipped', z.object({}));

/** The order reached the customer. */
export const OrderDelivered = defineEvent('OrderDelivered', z.object({}));

export type OrderEvent =
  | EventOf<typeof OrderPlaced>
  | EventOf<typeof OrderItemAdded>
  | EventOf<typeof OrderConfirmed>
  | EventOf<typeof OrderCancelled>
  | EventOf<typeof OrderShipped>
  | EventOf<typeof OrderDelivered>;

/** The JSON form of an amount in an event payload. */
export const moneyOf = (json: z.infer<typeof MoneyJson>): Money => Money.fromJSON(json);
