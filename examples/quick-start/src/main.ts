import assert from 'node:assert/strict';
import { ConcurrencyError, type DomainEvent, InMemoryRepository, ValidationError } from 'tactical-ddd';
import { Order, type OrderId, OrderLine } from './Order.js';

const published: DomainEvent[] = [];
const orders = new InMemoryRepository<Order, OrderId>({
  name: 'Order',
  publish: (events) => {
    published.push(...events);
  },
});

// 1. Model: an aggregate that checks its rules and raises events.
const order = Order.place();
order.addLine(OrderLine.create({ sku: 'TEA-001', quantity: 2, unitPriceCents: 450 }));
order.addLine(OrderLine.create({ sku: 'MUG-042', quantity: 1, unitPriceCents: 1200 }));
order.confirm();
await orders.save(order);
console.log(`Order ${order.id} confirmed: total ${(order.totalCents / 100).toFixed(2)}, version ${order.version}`);
console.log(`Events published: ${published.map((e) => `${e.type}@v${e.aggregateVersion}`).join(', ')}`);
assert.deepEqual(
  published.map((e) => e.type),
  ['LineAdded', 'LineAdded', 'OrderConfirmed'],
);

// 2. Validation at the edge: bad input is a ValidationError that names the field and the rule.
const attempt = OrderLine.safeCreate({ sku: 'tea', quantity: 0, unitPriceCents: 450 });
assert.equal(attempt.success, false);
if (!attempt.success) {
  console.log(`Rejected line: ${attempt.error.issues.map((i) => `${i.field} (${i.rule})`).join(', ')}`);
}
try {
  OrderLine.create(JSON.parse('{"sku":"TEA-001","quantity":1,"unitPriceCents":1,"__proto__":{"admin":true}}'));
  assert.fail('hostile input was accepted');
} catch (error) {
  assert.ok(error instanceof ValidationError);
  console.log(`Rejected hostile input: ${error.rule}`);
}

// 3. Optimistic concurrency: two writers load version 3; the second save loses and writes nothing.
const first = await orders.getById(order.id);
const second = await orders.getById(order.id);
await orders.save(first);
await assert.rejects(orders.save(second), (error) => {
  assert.ok(error instanceof ConcurrencyError);
  console.log(`Second writer rejected: expected version ${error.expected}, found ${error.actual}`);
  return true;
});
