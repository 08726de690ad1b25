import { InvariantViolationError, inMemoryStore, NotFoundError, stateStored } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';
import { expect, it } from 'vitest';
import { Customer, orderFactory, PricingService, Product } from './factories-and-services.js';

it('prices across aggregates and places orders through a factory', async () => {
  // #region use
  const { products, customers } = inMemoryStore({
    aggregates: { products: stateStored<Product>('Product'), customers: stateStored<Customer>('Customer') },
  });
  const tea = Product.list('Tea', Money.of('12.50', 'USD'));
  const mug = Product.list('Mug', Money.of('8.00', 'USD'));
  const ada = Customer.register('gold');
  await Promise.all([products.save(tea), products.save(mug), customers.save(ada)]);

  const orders = orderFactory(customers, new PricingService(products));
  const order = await orders.create({
    customerId: ada.id,
    lines: [
      { productId: tea.id, quantity: 2 },
      { productId: mug.id, quantity: 1 },
    ],
  });
  order.total.toJSON(); // { amount: '29.70', currency: 'USD' }: 33.00 less 10% for gold
  // #endregion use
  expect(order.total.toJSON()).toEqual({ amount: '29.70', currency: 'USD' });
  const [placed] = order.pullEvents();
  expect(placed?.payload.total.equals(order.total)).toBe(true);

  await expect(orders.create({ customerId: ada.id, lines: [] })).rejects.toBeInstanceOf(InvariantViolationError);
  const unknown = Product.list('Gone', Money.of('1.00', 'USD'));
  await expect(
    orders.create({ customerId: ada.id, lines: [{ productId: unknown.id, quantity: 1 }] }),
  ).rejects.toBeInstanceOf(NotFoundError);
  const bob = Customer.register('standard');
  await customers.save(bob);
  const plain = await orders.create({ customerId: bob.id, lines: [{ productId: mug.id, quantity: 3 }] });
  expect(plain.total.toJSON().amount).toBe('24.00');
});
