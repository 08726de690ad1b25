import {
  AggregateRoot,
  defineEvent,
  defineId,
  defineValueObject,
  type EventOf,
  type IdOf,
  InvariantViolationError,
} from 'tactical-ddd';
import * as z from 'zod';

export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;

/** A line of an order: a value object, validated by its zod schema. */
export class OrderLine extends defineValueObject(
  'OrderLine',
  z.strictObject({
    sku: z.string().regex(/^[A-Z]{3}-\d{3}$/),
    quantity: z.int().positive(),
    unitPriceCents: z.int().nonnegative(),
  }),
) {
  get totalCents(): number {
    return this.props.quantity * this.props.unitPriceCents;
  }
}

export const LineAdded = defineEvent(
  'LineAdded',
  z.object({ sku: z.string(), quantity: z.int(), unitPriceCents: z.int() }),
);
export const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ totalCents: z.int() }));
export type OrderEvent = EventOf<typeof LineAdded> | EventOf<typeof OrderConfirmed>;

interface OrderProps {
  status: 'pending' | 'confirmed';
  lines: OrderLine[];
}

/** The Order aggregate: it guards its rules and records what happened as events. */
export class Order extends AggregateRoot<OrderId, OrderProps, OrderEvent> {
  static place(): Order {
    return new Order(OrderId.create(), { status: 'pending', lines: [] });
  }

  get totalCents(): number {
    return this.state.lines.reduce((sum, line) => sum + line.totalCents, 0);
  }

  addLine(line: OrderLine): void {
    if (this.state.status !== 'pending') {
      throw new InvariantViolationError('order.pending', 'Lines can only be added to a pending order');
    }
    this.state.lines.push(line);
    this.raise(LineAdded({ ...line.props }));
  }

  confirm(): void {
    if (this.state.lines.length === 0)
      throw new InvariantViolationError('order.not_empty', 'Cannot confirm an empty order');
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ totalCents: this.totalCents }));
  }
}
