import { Inject, Injectable } from '@nestjs/common';
import type { Command, MessageContext, Query } from 'tactical-ddd/cqrs';
import { CommandHandlerFor, QueryHandlerFor, TACTICAL_DDD_STORE } from 'tactical-ddd/nestjs';
import { Order, type OrderId, type OrderLine } from '../domain/Order.js';
import { ConfirmOrder, GetOrder, type OrderView, PlaceOrder } from './messages.js';
import type { OrderStore } from './OrderStore.js';

// Handlers are Nest providers. Dependencies are injected with an explicit token (`@Inject`), so
// the app runs the same under tsx and vitest, whose compilers do not emit decorator metadata.

@Injectable()
@CommandHandlerFor(PlaceOrder)
export class PlaceOrderHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: OrderStore) {}

  handle(
    { payload }: Command<'PlaceOrder', { customerId: string; lines: OrderLine[] }, OrderId>,
    context: MessageContext,
  ): Promise<OrderId> {
    // The session commits the order and its OrderPlaced event together; the relay publishes the
    // event after the commit. `context` stamps the request's correlation id on the event.
    return this.store.transaction((s) => {
      const order = Order.place(payload.customerId, payload.lines);
      s.orders.add(order);
      return order.id;
    }, context);
  }
}

@Injectable()
@CommandHandlerFor(ConfirmOrder)
export class ConfirmOrderHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: OrderStore) {}

  handle({ payload }: Command<'ConfirmOrder', { orderId: OrderId }, void>, context: MessageContext): Promise<void> {
    return this.store.transaction(async (s) => (await s.orders.get(payload.orderId)).confirm(), context);
  }
}

@Injectable()
@QueryHandlerFor(GetOrder)
export class GetOrderHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: OrderStore) {}

  async handle({ payload }: Query<'GetOrder', { orderId: OrderId }, OrderView>): Promise<OrderView> {
    const order = await this.store.orders.getById(payload.orderId); // NotFoundError → 404
    return {
      id: order.id,
      customerId: order.customerId,
      status: order.status,
      lines: [...order.lines],
      version: order.version,
    };
  }
}
