import { InvariantViolationError, ValidationError } from 'tactical-ddd';
import { expect, it } from 'vitest';
import { Order, ProductId, relay, StockItem, store, toSku } from './architecture.js';

const { inventory, orders } = store;

it('ports a layered Order context and its inventory mapping', async () => {
  // #region use
  const tea = ProductId.create();
  await inventory.save(StockItem.of(toSku(tea), 10));

  const order = Order.start();
  order.addItem(tea, 3);
  order.confirm();
  await orders.save(order); // state and OrderItemAdded, OrderConfirmed in one transaction
  await relay.drain(); // OrderConfirmed → ReserveInventory in the inventory context

  (await inventory.getById(toSku(tea))).stock; // 7
  // #endregion use
  expect((await inventory.getById(toSku(tea))).stock).toBe(7);
  expect(() => Order.start().confirm()).toThrow(InvariantViolationError);
  expect(() => Order.start().addItem(tea, 0)).toThrow(ValidationError);
  expect(() => order.addItem(tea, 1)).toThrow(InvariantViolationError);
});
