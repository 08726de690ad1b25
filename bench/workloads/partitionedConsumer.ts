/**
 * One consumer instance for the partitioned bench, run as a child process (an instance of a
 * service is a process of its own): `node --import tsx partitionedConsumer.ts <config JSON>`. It
 * starts a partitioned consumer with a pool of its own (5 connections) and a PostgresInbox whose
 * handler writes a read-model row, tells the parent `{ ready }` once it holds partitions, sends
 * `{ handled: [[id, at], …] }` (at: wall-clock ms, comparable across processes) every few
 * milliseconds, and stops gracefully on `'stop'`.
 */
import { Redis } from 'ioredis';
import type { DomainEvent, Inbox } from '../../src/index.js';
import { connectPg, PostgresInbox, type SqlClient } from '../../src/postgres/index.js';
import { RabbitMQPartitionedConsumer } from '../../src/rabbitmq/index.js';
import { RedisStreamPartitionedConsumer } from '../../src/redis/index.js';
import { wrap } from './messaging.js';

export interface ConsumerConfig {
  readonly broker: 'RabbitMQ' | 'Redis';
  readonly url: string;
  readonly databaseUrl: string;
  readonly schema: string;
  /** The exchange (RabbitMQ) or stream (Redis). */
  readonly name: string;
  readonly partitions: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ConsumerConfig;
const send = (message: unknown): void => {
  process.send?.(message);
};
const clock = (): number => performance.timeOrigin + performance.now();

const pool = await connectPg({ connectionString: config.databaseUrl, max: 5 });
let handled: [string, number][] = [];
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const flush = setInterval(() => {
  if (handled.length === 0) return;
  send({ handled, cpuMs: cpuMs() });
  handled = [];
}, 5);
const inbox: Inbox<SqlClient> = wrap(new PostgresInbox({ client: pool, schema: config.schema }), (event) => {
  handled.push([event.id, clock()]);
});
const handler = async (event: DomainEvent, tx: SqlClient): Promise<void> => {
  await tx.query(
    `INSERT INTO "${config.schema}".shipments (aggregate_id, version, sku) VALUES ($1, $2, $3)
     ON CONFLICT (aggregate_id) DO UPDATE SET version = excluded.version, sku = excluded.sku`,
    [event.aggregateId, event.aggregateVersion, (event.payload as { sku: string }).sku],
  );
};
const common = { partitions: config.partitions, consumer: 'projection', inbox, handler, rebalanceIntervalMs: 100 };
const redis = config.broker === 'Redis' ? new Redis(config.url) : undefined;
const consumer =
  redis === undefined
    ? new RabbitMQPartitionedConsumer({
        ...common,
        url: config.url,
        exchange: config.name,
        queue: `${config.name}.projection`,
      })
    : new RedisStreamPartitionedConsumer({ ...common, redis, stream: config.name, group: 'projection', leaseMs: 2000 });
await consumer.start();
const ready = setInterval(() => {
  if (consumer.partitions.length > 0) send({ ready: consumer.partitions });
}, 20);
process.on('message', async (message) => {
  if (message !== 'stop') return;
  clearInterval(ready);
  await consumer.stop();
  clearInterval(flush);
  if (handled.length > 0) send({ handled, cpuMs: cpuMs() });
  redis?.disconnect();
  await pool.close();
  process.disconnect?.();
});
