import { defineCommand, defineQuery } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { OrderId, orderLine } from '../domain/Order.js';

// Messages are data with names you choose: validated on creation, no classes, no decorators.

export const PlaceOrder = defineCommand(
  'PlaceOrder',
  z.object({ customerId: z.string().trim().min(1).max(64), lines: z.array(orderLine).min(1).max(100) }),
  OrderId.schema,
);

export const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: OrderId.schema }));

export const OrderView = z.object({
  id: OrderId.schema,
  customerId: z.string(),
  status: z.enum(['pending', 'confirmed']),
  lines: z.array(orderLine),
  version: z.number(),
});
export type OrderView = z.output<typeof OrderView>;

export const GetOrder = defineQuery('GetOrder', z.object({ orderId: OrderId.schema }), OrderView);
