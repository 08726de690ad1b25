/**
 * Partitioned, ordered consumption, end to end through a real broker, 10,000 events of 200
 * aggregates per call: PostgresOutbox insert (batches of 100, committed) → OutboxRelay (batch
 * publish, `partitions: 12`) → broker → the group's partitioned consumers, each with a pool of its
 * own (5 connections, as a service instance has) and a PostgresInbox, whose handler writes a
 * read-model row in the inbox transaction. One consumer (the baseline) against three consumers of
 * one group sharing the 12 partitions (target: 2x the one consumer's throughput). Each consumer
 * runs in this process; the commit → handled latency (p50/p99) is printed after each broker.
 * Brokers: RABBITMQ_URL / REDIS_URL (default this machine's), PostgreSQL at DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { OutboxRelay } from '../../src/cqrs/index.js';
import type { DomainEvent, Inbox, MessagePublisher } from '../../src/index.js';
import {
  type ClosableSqlClient,
  connectPg,
  migrate,
  PostgresInbox,
  PostgresOutbox,
  type SqlClient,
} from '../../src/postgres/index.js';
import { RabbitMQPartitionedConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { RedisStreamPartitionedConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { defineWorkload, type Workload } from '../harness.js';
import { report, wrap } from './messaging.js';

const N = Number(process.env.BENCH_MESSAGES ?? 10_000);
const AGGREGATES = 200;
const PARTITIONS = 12;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rabbitUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** 10,000 events of 200 aggregates, interleaved, with distinct ids and timestamps. */
function events(): DomainEvent[] {
  const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
  const start = Date.now();
  return Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    type: 'ItemShipped',
    schemaVersion: 1,
    aggregateId: aggregates[i % AGGREGATES] as string,
    aggregateVersion: Math.floor(i / AGGREGATES) + 1,
    occurredAt: new Date(start + i).toISOString(),
    payload: { sku: `sku-${i % 977}`, quantity: 1 + (i % 5) },
    metadata: { correlationId: `bench-${i}` },
  }));
}

interface Group {
  readonly name: string;
  publisher(): MessagePublisher & { close?(): Promise<void> };
  /** Starts one consumer of the group; resolves with its stop and its partitions. */
  consumer(
    inbox: Inbox<SqlClient>,
    handler: (event: DomainEvent, tx: SqlClient) => Promise<void>,
  ): Promise<{ stop(): Promise<void>; partitions(): readonly number[] }>;
  close(): Promise<void>;
}

function rabbitGroup(): Group {
  const exchange = `bench-p-${randomUUID().slice(0, 8)}`;
  const queue = `${exchange}.projection`;
  return {
    name: 'RabbitMQ',
    publisher: () => new RabbitMQPublisher({ url: rabbitUrl, exchange, partitions: PARTITIONS }),
    async consumer(inbox, handler) {
      const consumer = new RabbitMQPartitionedConsumer({
        url: rabbitUrl,
        exchange,
        queue,
        partitions: PARTITIONS,
        consumer: 'projection',
        inbox,
        handler,
        rebalanceIntervalMs: 100,
      });
      await consumer.start();
      return { stop: () => consumer.stop(), partitions: () => consumer.partitions };
    },
    async close() {
      const { connect } = await import('amqplib');
      const model = await connect(rabbitUrl);
      const channel = await model.createChannel();
      for (let p = 0; p < PARTITIONS; p++) await channel.deleteQueue(`${queue}.${p}`);
      for (const name of [`${queue}.dead-letter`, `${queue}.members`]) await channel.deleteQueue(name);
      for (const name of [`${queue}.partitions`, `${queue}.unrouted`, exchange]) await channel.deleteExchange(name);
      await model.close();
    },
  };
}

function redisGroup(): Group {
  const client = new Redis(redisUrl);
  const stream = `bench-p-${randomUUID().slice(0, 8)}`;
  return {
    name: 'Redis',
    publisher: () => new RedisStreamPublisher({ redis: client, stream, partitions: PARTITIONS }),
    async consumer(inbox, handler) {
      const consumer = new RedisStreamPartitionedConsumer({
        redis: client,
        stream,
        partitions: PARTITIONS,
        group: 'projection',
        consumer: 'projection',
        inbox,
        handler,
        leaseMs: 2000,
        rebalanceIntervalMs: 100,
      });
      await consumer.start();
      return { stop: () => consumer.stop(), partitions: () => consumer.partitions };
    },
    async close() {
      const keys = await client.keys(`${stream}*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
    },
  };
}

/**
 * Starts `consumers` consumers of a fresh group (each with a pool of its own), waits until they
 * shared the partitions out, then relays N events through the outbox and resolves once every
 * event's read-model row committed, recording each event's commit → handled latency.
 */
async function endToEnd(
  make: () => Group,
  client: SqlClient,
  schema: string,
  consumers: number,
  latencies: number[],
): Promise<void> {
  const group = make();
  const committed = new Map<string, number>();
  let handled = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const onHandled = (event: DomainEvent): void => {
    const at = committed.get(event.id);
    if (at !== undefined) latencies.push(performance.now() - at);
    if (++handled === N) finish();
  };
  const pools: ClosableSqlClient[] = [];
  const running: { stop(): Promise<void>; partitions(): readonly number[] }[] = [];
  try {
    for (let k = 0; k < consumers; k++) {
      const pool = await connectPg({ connectionString: databaseUrl, max: 5 });
      pools.push(pool);
      const inbox = wrap(new PostgresInbox({ client: pool, schema }), onHandled);
      running.push(
        await group.consumer(inbox, async (event, tx) => {
          await tx.query(
            `INSERT INTO "${schema}".shipments (aggregate_id, version, sku) VALUES ($1, $2, $3)
             ON CONFLICT (aggregate_id) DO UPDATE SET version = excluded.version, sku = excluded.sku`,
            [event.aggregateId, event.aggregateVersion, (event.payload as { sku: string }).sku],
          );
        }),
      );
    }
    while (!running.every((consumer) => consumer.partitions().length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const outbox = new PostgresOutbox({ client, schema });
    const publisher = group.publisher();
    const relay = new OutboxRelay({ outbox, publisher, pollIntervalMs: 5, batchSize: 200 });
    relay.start();
    const sent = events();
    for (let i = 0; i < sent.length; i += 100) {
      const batch = sent.slice(i, i + 100);
      await outbox.add(
        client,
        batch.map((event) => ({ kind: 'event' as const, event })),
      );
      const now = performance.now();
      for (const event of batch) committed.set(event.id, now);
    }
    await done;
    await relay.stop();
    await publisher.close?.();
  } finally {
    for (const consumer of running) await consumer.stop();
    for (const pool of pools) await pool.close();
    await group.close();
  }
}

function workloadFor(make: () => Group, name: string): Workload {
  let client: ClosableSqlClient;
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const latencies = { one: [] as number[], three: [] as number[] };
  const three = `3 consumers of one group (${PARTITIONS} partitions, 4 each)`;
  return defineWorkload({
    name: `messaging/partitioned ordered consumption (${name}, ${N} events of ${AGGREGATES} aggregates)`,
    opsPerCall: N,
    iterations: 1,
    async setup() {
      client = await connectPg({ connectionString: databaseUrl, max: 10 });
      await migrate(client, { schema });
      await client.query(
        `CREATE TABLE "${schema}".shipments (aggregate_id text PRIMARY KEY, version int NOT NULL, sku text NOT NULL)`,
      );
    },
    async teardown() {
      try {
        report(name, '1 consumer,', latencies.one);
        report(name, '3 consumers,', latencies.three);
      } finally {
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.close();
      }
    },
    baseline: {
      name: `1 consumer (${PARTITIONS} partitions)`,
      fn: () => endToEnd(make, client, schema, 1, latencies.one),
    },
    contenders: [{ name: three, fn: () => endToEnd(make, client, schema, 3, latencies.three) }],
    targets: { [three]: 2 },
  });
}

export const partitionedWorkloads: readonly Workload[] = [
  workloadFor(rabbitGroup, 'RabbitMQ'),
  workloadFor(redisGroup, 'Redis'),
];
