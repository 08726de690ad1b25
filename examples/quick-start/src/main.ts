import assert from 'node:assert/strict';
import {
  ConcurrencyError,
  type DomainEvent,
  inMemoryStore,
  StaleVersionError,
  stateStored,
  ValidationError,
} from 'tactical-ddd';
import { Order, OrderLine } from './Order.js';

// A store keeps aggregates and, in the same commit, their events in an outbox.
const store = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } });

// 1. Model: an aggregate that checks its rules and raises events; a session commits it with them.
const orderId = await store.transaction(
  (s) => {
    const order = Order.place();
    order.addLine(OrderLine.create({ sku: 'TEA-001', quantity: 2, unitPriceCents: 450 }));
    order.addLine(OrderLine.create({ sku: 'MUG-042', quantity: 1, unitPriceCents: 1200 }));
    s.orders.add(order);
    return order.id;
  },
  { metadata: { correlationId: 'quick-start' } },
);
const order = await store.orders.getById(orderId);
console.log(`Order ${order.id} placed: total ${(order.totalCents / 100).toFixed(2)}, version ${order.version}`);

const published: DomainEvent[] = [];
await store.outbox?.publishPending(async (message) => {
  if (message.kind === 'event') published.push(message.event);
});
console.log(`Events published: ${published.map((e) => `${e.type}@v${e.aggregateVersion}`).join(', ')}`);
assert.deepEqual(
  published.map((e) => [e.type, e.metadata.correlationId]),
  [
    ['LineAdded', 'quick-start'],
    ['LineAdded', 'quick-start'],
  ],
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

// 3. Optimistic concurrency: a session whose order another writer changed meanwhile loses whole.
await assert.rejects(
  store.transaction(async (s) => {
    const mine = await s.orders.get(orderId);
    await store.transaction(async (other) => (await other.orders.get(orderId)).confirm()); // commits first
    mine.addLine(OrderLine.create({ sku: 'POT-007', quantity: 1, unitPriceCents: 3900 }));
  }),
  (error) => {
    assert.ok(error instanceof ConcurrencyError);
    console.log(`Second writer rejected: expected version ${error.expected}, found ${error.actual}`);
    return true;
  },
);
assert.equal((await store.orders.getById(orderId)).version, 3); // placed with two lines, then confirmed: nothing of the loser

// 4. A client's stale copy (an HTTP If-Match): a StaleVersionError, which retrying cannot cure.
await assert.rejects(
  store.transaction((s) => s.orders.get(orderId, { expectedVersion: 2 })),
  (error) => {
    assert.ok(error instanceof StaleVersionError);
    console.log(`Stale copy refused: expected version ${error.expected}, stored ${error.actual}`);
    return true;
  },
);
