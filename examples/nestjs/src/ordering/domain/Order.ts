import {
  AggregateRoot,
  defineEvent,
  defineId,
  type EventOf,
  type IdOf,
  InvariantViolationError,
  ValidationError,
} from 'tactical-ddd';
import * as z from 'zod';

// The domain knows nothing of Nest: no decorator, no framework import.

export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;

export const orderLine = z.object({
  sku: z.string().trim().min(1).max(64),
  quantity: z.int().min(1).max(1_000),
});
export type OrderLine = z.output<typeof orderLine>;

export const OrderPlaced = defineEvent('OrderPlaced', z.object({ customerId: z.string(), lines: z.array(orderLine) }));
export const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ customerId: z.string() }));
export type OrderEvent = EventOf<typeof OrderPlaced> | EventOf<typeof OrderConfirmed>;

export type OrderStatus = 'pending' | 'confirmed';

interface OrderState {
  customerId: string;
  lines: OrderLine[];
  status: OrderStatus;
}

/** An order: placed with its lines, then confirmed once. */
export class Order extends AggregateRoot<OrderId, OrderState, OrderEvent> {
  /** Places a new pending order. */
  static place(customerId: string, lines: readonly OrderLine[]): Order {
    if (lines.length === 0) throw ValidationError.of('Order', 'lines', 'too_small', 'an order has at least one line');
    const order = new Order(OrderId.create(), { customerId, lines: [...lines], status: 'pending' });
    order.raise(OrderPlaced({ customerId, lines: [...lines] }));
    return order;
  }

  get customerId(): string {
    return this.state.customerId;
  }
  get lines(): readonly OrderLine[] {
    return this.state.lines;
  }
  get status(): OrderStatus {
    return this.state.status;
  }

  /** Confirms a pending order; an order is confirmed once. */
  confirm(): void {
    if (this.state.status !== 'pending') {
      throw new InvariantViolationError('order.confirmed_once', `Order ${this.id} is already confirmed`);
    }
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ customerId: this.state.customerId }));
  }
}
