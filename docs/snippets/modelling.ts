// #region email
import { defineValueObject } from 'tactical-ddd';
import * as z from 'zod';

/** A value object around one value: the schema normalises it, `of` and `toString` hide the wrapper. */
export class Email extends defineValueObject(
  'Email',
  z.object({ value: z.string().trim().toLowerCase().pipe(z.email()) }),
) {
  static of(value: string): Email {
    return Email.create({ value }); // ValidationError (field "value", rule "invalid_format") when bad
  }
  override toString(): string {
    return this.props.value;
  }
}

// #endregion email

// #region child-entities
import { AggregateRoot, defineId, Entity, type IdOf, InvariantViolationError } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';

export const OrderId = defineId('Order');
export type OrderId = IdOf<typeof OrderId>;
export const LineId = defineId('OrderLine');
export type LineId = IdOf<typeof LineId>;

/** A child entity: it has an identity inside the order, and is changed only through the order. */
export class OrderLine extends Entity<LineId, { sku: string; quantity: number; unitPrice: Money<'EUR'> }> {
  constructor(id: LineId, props: { sku: string; quantity: number; unitPrice: Money<'EUR'> }) {
    super(id, props);
  }
  get total(): Money<'EUR'> {
    return this.state.unitPrice.multiply(this.state.quantity);
  }
  changeQuantity(quantity: number): void {
    this.state.quantity = quantity;
  }
}

interface OrderProps {
  customer: Email;
  lines: OrderLine[];
}

export class Order extends AggregateRoot<OrderId, OrderProps> {
  static place(customer: Email): Order {
    return new Order(OrderId.create(), { customer, lines: [] });
  }

  /** Rebuilds an order read from storage, at the version it was stored with. */
  static restore(id: OrderId, props: OrderProps, version: number): Order {
    return new Order(id, props, { version });
  }

  addLine(sku: string, quantity: number, unitPrice: Money<'EUR'>): LineId {
    const id = LineId.create();
    this.state.lines.push(new OrderLine(id, { sku, quantity, unitPrice }));
    return id;
  }

  changeQuantity(line: LineId, quantity: number): void {
    if (quantity < 1) throw new InvariantViolationError('order.line_quantity', 'A line needs at least one item');
    const found = this.state.lines.find((candidate) => candidate.id === line);
    if (found === undefined) throw new InvariantViolationError('order.line_exists', `No line ${line}`);
    found.changeQuantity(quantity); // the root checks the rule, the child holds the value
  }

  get total(): Money<'EUR'> {
    return Money.sum(
      this.state.lines.map((line) => line.total),
      'EUR',
    );
  }
}
// #endregion child-entities

// #region storage
/** One row of an `orders` table: plain columns, nothing the database cannot index. */
export interface OrderRow {
  id: string; // uuid
  version: number; // integer
  customer_email: string; // text
  lines: { id: string; sku: string; quantity: number; unit_price_minor: string }[]; // jsonb
  total_minor: bigint; // bigint: minor units (cents), exact
  currency: string; // char(3)
}

export function toRow(order: Order): OrderRow {
  return {
    id: order.id,
    version: order.version,
    customer_email: order.props.customer.toString(),
    lines: order.props.lines.map((line) => ({
      id: line.id,
      sku: line.props.sku,
      quantity: line.props.quantity,
      unit_price_minor: line.props.unitPrice.toMinorUnits().toString(), // JSON has no bigint
    })),
    total_minor: order.total.toMinorUnits(),
    currency: 'EUR',
  };
}

export function fromRow(row: OrderRow): Order {
  const lines = row.lines.map(
    (line) =>
      new OrderLine(LineId.parse(line.id), {
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: Money.fromMinor(BigInt(line.unit_price_minor), 'EUR'),
      }),
  );
  // parse and of validate again: a row edited by hand cannot smuggle in a bad value.
  return Order.restore(OrderId.parse(row.id), { customer: Email.of(row.customer_email), lines }, row.version);
}
// #endregion storage
