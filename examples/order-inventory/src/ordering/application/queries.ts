import { defineQuery } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { CustomerId, OrderId } from '../domain/ids.js';
import type { SummaryPage } from './OrderSummary.js';
import type { OrderView } from './OrderView.js';

export const GetOrder = defineQuery('GetOrder', z.object({ orderId: OrderId.schema }), z.custom<OrderView>());

export const ListCustomerOrders = defineQuery(
  'ListCustomerOrders',
  z.object({
    customerId: CustomerId.schema,
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  }),
  z.custom<SummaryPage>(),
);

export const ListOverdueOrders = defineQuery(
  'ListOverdueOrders',
  z.object({ days: z.coerce.number().int().min(0).max(365).default(7) }),
  z.custom<{ readonly orderIds: readonly string[] }>(),
);
