import { InvariantViolationError } from 'tactical-ddd';
import { Address } from 'tactical-ddd/address';
import { Money } from 'tactical-ddd/money';
import { forAggregate } from 'tactical-ddd/testing';
import { describe, expect, it } from 'vitest';
import {
  OrderCancelled,
  OrderConfirmed,
  OrderItemAdded,
  OrderPlaced,
  OrderShipped,
} from '../src/ordering/domain/events.js';
import { CustomerId, OrderId, OrderItemId, ProductId } from '../src/ordering/domain/ids.js';
import { Order } from '../src/ordering/domain/Order.js';
import { orderIsOverdue } from '../src/ordering/domain/OrderIsOverdue.js';
import { OrderPricingService } from '../src/ordering/domain/OrderPricingService.js';

const orderId = OrderId.create();
const customerId = CustomerId.create();
const tea = ProductId.create();
const itemId = OrderItemId.create();
const address = {
  lines: ['1 Main St'],
  locality: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
} as const;
const placed = OrderPlaced({ customerId, currency: 'USD', shippingAddress: Address.create(address).toJSON() as never });
const teaAdded = OrderItemAdded({
  itemId,
  productId: tea,
  productName: 'Tea',
  unitPrice: { amount: '12.50', currency: 'USD' },
  quantity: 2,
});
const order = forAggregate(() => Order.blank(orderId));
const pricing = new OrderPricingService();
const price = {
  subtotal: Money.of('25.00', 'USD'),
  shipping: Money.of('5.00', 'USD'),
  total: Money.of('30.00', 'USD'),
};
const teaLine = { productId: tea, productName: 'Tea', unitPrice: Money.of('12.50', 'USD'), quantity: 1 };

describe('Order', () => {
  it('adds a line to a pending order, and raises the quantity of a product already on it', () => {
    order
      .given([placed, teaAdded])
      .when((o) => o.addItem(teaLine))
      .then([OrderItemAdded({ ...teaAdded.payload, quantity: 1 })]);
  });

  it('refuses items once confirmed (order.not_pending)', () => {
    order
      .given([placed, teaAdded, OrderConfirmed({ lines: [{ productId: tea, quantity: 2 }], ...json(price) })])
      .when((o) => o.addItem(teaLine))
      .then({ code: 'core.invariant_violation', invariant: 'order.not_pending' });
  });

  it('refuses to confirm an empty order (order.empty)', () => {
    order
      .given([placed])
      .when((o) => o.confirm(pricing.price(o)))
      .then({ invariant: 'order.empty' });
  });

  it('confirms with the price of the pricing service: domestic shipping under the threshold', () => {
    order
      .given([placed, teaAdded])
      .when((o) => o.confirm(pricing.price(o)))
      .then([OrderConfirmed({ lines: [{ productId: tea, quantity: 2 }], ...json(price) })]);
  });

  it('cancels while pending or confirmed, never once shipped', () => {
    order
      .given([placed])
      .when((o) => o.cancel('changed my mind'))
      .then([OrderCancelled({ reason: 'changed my mind' })]);
    const confirmed = [placed, teaAdded, OrderConfirmed({ lines: [{ productId: tea, quantity: 2 }], ...json(price) })];
    order
      .given(confirmed)
      .when((o) => o.cancel('out of stock'))
      .then([OrderCancelled({ reason: 'out of stock' })]);
    order
      .given([...confirmed, OrderShipped({})])
      .when((o) => o.cancel('late'))
      .then(InvariantViolationError);
  });

  it('refuses a price in another currency', () => {
    order
      .given([placed])
      .when((o) => o.addItem({ ...teaLine, unitPrice: Money.of('1.00', 'EUR') }))
      .then({ code: 'money.currency_mismatch' });
  });

  it('is overdue when still pending more than 7 days after it was placed (the same spec runs as SQL)', () => {
    const fresh = Order.place({ customerId, currency: 'USD', shippingAddress: Address.create(address) });
    const now = new Date();
    expect(orderIsOverdue(now).isSatisfiedBy(fresh)).toBe(false);
    expect(orderIsOverdue(new Date(now.getTime() + 8 * 86_400_000)).isSatisfiedBy(fresh)).toBe(true);
    fresh.addItem(teaLine);
    fresh.confirm(pricing.price(fresh));
    expect(orderIsOverdue(new Date(now.getTime() + 8 * 86_400_000)).isSatisfiedBy(fresh)).toBe(false);
  });

  it('ships free from 100 USD, and charges international shipping abroad', () => {
    const abroad = Order.place({
      customerId,
      currency: 'USD',
      shippingAddress: Address.create({
        lines: ['1 Rue de Rivoli'],
        locality: 'Paris',
        postalCode: '75001',
        country: 'FR',
      }),
    });
    abroad.addItem(teaLine);
    expect(pricing.price(abroad).shipping.toJSON()).toEqual({ amount: '15.00', currency: 'USD' });
    abroad.addItem({ ...teaLine, quantity: 7 });
    expect(pricing.price(abroad).shipping.isZero()).toBe(true);
  });
});

function json(p: typeof price) {
  return { subtotal: p.subtotal.toJSON(), shipping: p.shipping.toJSON(), total: p.total.toJSON() };
}
