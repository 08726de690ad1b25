// #region example
import { AggregateRoot, defineEvent, defineId, type EventOf, type IdOf } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';
import * as z from 'zod';

const OrderId = defineId('Order'); // a branded uuid v7: not just any string
type OrderId = IdOf<typeof OrderId>;
const OrderPaid = defineEvent('OrderPaid', z.object({ amount: z.string() }));

export class Order extends AggregateRoot<OrderId, { total: Money<'EUR'> }, EventOf<typeof OrderPaid>> {
  static place(total: Money<'EUR'>): Order {
    return new Order(OrderId.create(), { total });
  }
  pay(): void {
    this.raise(OrderPaid({ amount: this.state.total.toJSON().amount }));
  }
}

const order = Order.place(Money.of('19.99', 'EUR').multiply(3));
order.pay();
export const events = order.pullEvents(); // typed as the order's own events
// #endregion example
