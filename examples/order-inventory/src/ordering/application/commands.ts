import { Address } from 'tactical-ddd/address';
import { defineCommand } from 'tactical-ddd/cqrs';
import { type CurrencyCode, currencies } from 'tactical-ddd/money';
import * as z from 'zod';
import { CustomerId, OrderId, ProductId } from '../domain/ids.js';

const Quantity = z.int().positive().max(10_000);
/** The version the client last saw (the `If-Match` header): a stale one is a ConcurrencyError. */
const ExpectedVersion = z.int().positive().optional();
const Currency = z
  .string()
  .refine((code) => Object.hasOwn(currencies, code), {
    message: 'Must be an ISO 4217 currency code',
    params: { rule: 'unknown_currency' },
  })
  .transform((code) => code as CurrencyCode);

/** Every command returns the order and its new version (the next `If-Match`). */
const Changed = z.object({ orderId: OrderId.schema, version: z.int() });

export const PlaceOrder = defineCommand(
  'PlaceOrder',
  z.object({
    customerId: CustomerId.schema,
    currency: Currency.default('USD'),
    shippingAddress: Address.schema,
    items: z
      .array(z.object({ productId: ProductId.schema, quantity: Quantity }))
      .max(100)
      .default([]),
  }),
  Changed,
);

export const AddOrderItem = defineCommand(
  'AddOrderItem',
  z.object({
    orderId: OrderId.schema,
    productId: ProductId.schema,
    quantity: Quantity,
    expectedVersion: ExpectedVersion,
  }),
  Changed,
);

export const ConfirmOrder = defineCommand(
  'ConfirmOrder',
  z.object({ orderId: OrderId.schema, expectedVersion: ExpectedVersion }),
  Changed,
);

export const CancelOrder = defineCommand(
  'CancelOrder',
  z.object({ orderId: OrderId.schema, reason: z.string().min(1).max(200), expectedVersion: ExpectedVersion }),
  Changed,
);

export const ShipOrder = defineCommand(
  'ShipOrder',
  z.object({ orderId: OrderId.schema, expectedVersion: ExpectedVersion }),
  Changed,
);

export const DeliverOrder = defineCommand(
  'DeliverOrder',
  z.object({ orderId: OrderId.schema, expectedVersion: ExpectedVersion }),
  Changed,
);
