import { expect, it } from 'vitest';
import { ConfirmOrder, commandBus, Order, relay, Stock, store } from './process-managers.js';

const { orders, runs, stock } = store;

it('reserves stock for a confirmed order, and cancels the order when stock is short', async () => {
  // #region use
  await stock.save(Stock.of('TEA-001', 5));
  await orders.save(Order.place('order-1', 'TEA-001', 2));
  await orders.save(Order.place('order-2', 'TEA-001', 9));

  await commandBus.dispatch(ConfirmOrder({ orderId: 'order-1' }, { metadata: { correlationId: 'checkout-1' } }));
  await commandBus.dispatch(ConfirmOrder({ orderId: 'order-2' }, { metadata: { correlationId: 'checkout-2' } }));
  await relay.drain(); // OrderConfirmed → ReserveStock → StockReserved | StockRefused → CancelOrder

  (await runs.getById('checkout-1')).props.status; // 'completed'
  (await runs.getById('checkout-2')).props.status; // 'compensated', reason 'only 3 left'
  (await orders.getById('order-2')).status; // 'cancelled'
  // #endregion use
  expect((await runs.getById('checkout-1')).props).toMatchObject({ status: 'completed', state: { step: 'reserved' } });
  expect((await runs.getById('checkout-2')).props).toMatchObject({ status: 'compensated', reason: 'only 3 left' });
  expect((await orders.getById('order-1')).status).toBe('confirmed');
  expect((await orders.getById('order-2')).status).toBe('cancelled');
  expect((await stock.getById('TEA-001')).props.available).toBe(3);
});
