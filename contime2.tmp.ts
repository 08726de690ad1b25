import { randomUUID } from 'node:crypto';
import { InMemoryInbox } from './src/index.js';
import { RabbitMQConsumer, RabbitMQPublisher } from './src/rabbitmq/index.js';
const url = 'amqp://guest:guest@127.0.0.1:5672';
const exchange = `tmp-${randomUUID().slice(0, 8)}`;
const P = 12;
const n = Number(process.argv[2] ?? 1);
let handled = 0;
const inbox = new InMemoryInbox();
const cs = [];
let t0 = performance.now();
for (let k = 0; k < n; k++) {
  const c = new RabbitMQConsumer({ url, exchange, queue: exchange, consumer: 'x', inbox, handler: async () => { handled++; }, rebalanceIntervalMs: 100 });
  await c.start(); cs.push(c);
}
while (!cs.every((c) => true)) await new Promise((r) => setTimeout(r, 20));
console.log('balanced ms', performance.now() - t0, );
const pub = new RabbitMQPublisher({ url, exchange, partitions: P });
const events = Array.from({ length: 10000 }, (_, i) => ({ id: randomUUID(), type: 'ItemShipped', schemaVersion: 1, aggregateId: `a${i % 200}`, aggregateVersion: i, occurredAt: new Date().toISOString(), payload: {}, metadata: {} }));
t0 = performance.now();
for (let i = 0; i < events.length; i += 500) await pub.publishBatch(events.slice(i, i + 500));
console.log('published ms', performance.now() - t0, 'handled', handled);
while (handled < 10000) await new Promise((r) => setTimeout(r, 20));
console.log('all handled ms', performance.now() - t0);
for (const c of cs) await c.stop();
await pub.close();
