import * as z from 'zod';
import {
  type AggregateOptions,
  AggregateRoot,
  defineEvent,
  defineId,
  type EventOf,
  type IdOf,
  InvariantViolationError,
} from '../../src/index.js';

export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;

export const ItemAdded = defineEvent('ItemAdded', z.object({ sku: z.string().min(1), quantity: z.int().positive() }));
export const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ items: z.int() }), { schemaVersion: 2 });
export type OrderEvent = EventOf<typeof ItemAdded> | EventOf<typeof OrderConfirmed>;

export interface OrderProps {
  status: 'pending' | 'confirmed';
  items: { sku: string; quantity: number }[];
}

/** A small aggregate for the core tests. */
export class Order extends AggregateRoot<OrderId, OrderProps, OrderEvent> {
  static create(id: OrderId = OrderId.create(), options?: AggregateOptions): Order {
    return new Order(id, { status: 'pending', items: [] }, options);
  }

  addItem(sku: string, quantity: number): void {
    if (this.state.status !== 'pending') {
      throw new InvariantViolationError('order.pending', 'Items can only be added to a pending order');
    }
    const added = ItemAdded({ sku, quantity });
    this.state.items.push({ ...added.payload });
    this.raise(added);
  }

  confirm(): void {
    if (this.state.items.length === 0)
      throw new InvariantViolationError('order.not_empty', 'Cannot confirm an empty order');
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ items: this.state.items.length }));
  }
}
