/**
 * End to end through a real broker, 10,000 events per call: PostgresOutbox insert (batches of 100,
 * committed) → OutboxRelay (batch publish) → broker → consumer handling through PostgresInbox
 * (up to 20 deliveries per inbox transaction, a savepoint each; and, for comparison, a transaction
 * per delivery), against a hand-written publish/consume loop on the same broker without outbox or inbox
 * (the floor), and against that loop with one hand-written inbox transaction per message (`BEGIN`,
 * `INSERT … ON CONFLICT DO NOTHING`, `COMMIT` with `pg`), the database's share of the cost. The latency from the outbox commit to the handler's commit is printed (p50/p99)
 * after each broker twice: over the throughput runs (a 10,000-event backlog, so it mostly measures
 * queueing), and over separate steady runs below capacity (BENCH_STEADY_MESSAGES events, default
 * 2,000, committed 5 at a time at BENCH_STEADY_RATE events/s, default 500): with the relay polling
 * every 5 ms, with the default 1 s poll and the outbox's `notify` (LISTEN/NOTIFY), and without.
 * Brokers: RABBITMQ_URL / REDIS_URL (default this machine's), PostgreSQL at DATABASE_URL; a broker
 * or database that does not answer skips its workload with a note.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
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
import { RabbitMQConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { RedisStreamConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { defineWorkload, type Workload } from '../harness.js';

const N = Number(process.env.BENCH_MESSAGES ?? 10_000);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rabbitUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const event = (i: number): DomainEvent => ({
  id: randomUUID(),
  type: 'ItemShipped',
  schemaVersion: 1,
  aggregateId: `warehouse-${i % 100}`,
  aggregateVersion: i + 1,
  occurredAt: new Date().toISOString(),
  payload: { sku: `sku-${i}`, quantity: 1 + (i % 5) },
  metadata: { correlationId: `bench-${i}` },
});

/** The `p`th percentile of sorted figures. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface Broker {
  readonly name: string;
  /**
   * The floor: publish N bodies and resolve once a plain consumer acknowledged all of them, after
   * `perMessage` (when given) resolved for each.
   */
  floor(bodies: readonly string[], perMessage?: (body: string) => Promise<void>): Promise<void>;
  publisher(): MessagePublisher & { close?(): Promise<void> };
  /**
   * Starts a consumer that calls `onHandled` after each inbox commit, `inboxBatchSize` deliveries
   * per inbox transaction; returns its stop.
   */
  consume(
    inbox: PostgresInbox,
    onHandled: (event: DomainEvent) => void,
    inboxBatchSize: number,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

function rabbit(): Broker {
  const exchange = `bench-${randomUUID().slice(0, 8)}`;
  return {
    name: 'RabbitMQ',
    async floor(bodies, perMessage) {
      const model = await connect(rabbitUrl);
      const channel = await model.createConfirmChannel();
      // An exchange and queue per call: tinybench may start a call before the previous one ended.
      const queue = `bench-floor-${randomUUID().slice(0, 8)}`;
      const floorExchange = queue;
      await channel.assertExchange(floorExchange, 'topic', { durable: true });
      await channel.assertQueue(queue, { durable: true });
      await channel.bindQueue(queue, floorExchange, '#');
      await channel.prefetch(20);
      let acked = 0;
      const done = new Promise<void>((resolve) => {
        void channel.consume(queue, async (m) => {
          if (m === null) return;
          if (perMessage !== undefined) await perMessage(m.content.toString());
          channel.ack(m);
          if (++acked === bodies.length) resolve();
        });
      });
      for (const body of bodies) {
        channel.publish(floorExchange, 'ItemShipped', Buffer.from(body), { persistent: true });
      }
      await channel.waitForConfirms();
      await done;
      await channel.deleteQueue(queue);
      await channel.deleteExchange(floorExchange);
      await model.close();
    },
    publisher: () => new RabbitMQPublisher({ url: rabbitUrl, exchange }),
    async consume(inbox, onHandled, inboxBatchSize) {
      // A queue per call, deleted when the call ends: a queue left bound to the exchange would get
      // a copy of every later call's messages, and slow each call more than the one before.
      const queue = `bench-${randomUUID().slice(0, 8)}`;
      const consumer = new RabbitMQConsumer({
        url: rabbitUrl,
        exchange,
        queue,
        consumer: queue,
        inbox: wrap(inbox, onHandled),
        inboxBatchSize,
        handler: async () => undefined,
      });
      await consumer.start();
      return async () => {
        await consumer.stop();
        const model = await connect(rabbitUrl);
        const channel = await model.createChannel();
        for (const name of [queue, `${queue}.retry`, `${queue}.dead-letter`]) await channel.deleteQueue(name);
        await model.close();
      };
    },
    async close() {
      const model = await connect(rabbitUrl);
      const channel = await model.createChannel();
      await channel.deleteExchange(exchange);
      await model.close();
    },
  };
}

function redis(): Broker {
  const client = new Redis(redisUrl);
  const stream = `bench-${randomUUID().slice(0, 8)}`;
  return {
    name: 'Redis',
    async floor(bodies, perMessage) {
      // A fresh stream per call: tinybench may start a call before the previous one cleaned up.
      const key = `${stream}-floor-${randomUUID().slice(0, 8)}`;
      await client.call('XGROUP', 'CREATE', key, 'g', '0', 'MKSTREAM');
      const reader = client.duplicate();
      const consumed = (async () => {
        let acked = 0;
        while (acked < bodies.length) {
          const reply = (await reader.call(
            'XREADGROUP',
            'GROUP',
            'g',
            'c',
            'COUNT',
            50,
            'BLOCK',
            1000,
            'STREAMS',
            key,
            '>',
          )) as [string, [string, string[]][]][] | null;
          const entries = reply?.[0]?.[1] ?? [];
          // Up to 20 at once, as the library's consumer below (concurrency 20).
          for (let i = 0; i < entries.length; i += 20) {
            await Promise.all(
              entries.slice(i, i + 20).map(async ([id, fields]) => {
                if (perMessage !== undefined) await perMessage(fields[1] ?? '');
                await client.call('XACK', key, 'g', id);
                acked++;
              }),
            );
          }
        }
      })();
      for (const body of bodies) await client.call('XADD', key, 'MAXLEN', '~', 1_000_000, '*', 'envelope', body);
      await consumed;
      reader.disconnect();
      await client.del(key);
    },
    publisher: () => new RedisStreamPublisher({ redis: client, stream }),
    async consume(inbox, onHandled, inboxBatchSize) {
      const consumer = new RedisStreamConsumer({
        redis: client,
        stream,
        group: 'bench',
        consumer: `bench-${randomUUID().slice(0, 8)}`,
        inbox: wrap(inbox, onHandled),
        concurrency: 20,
        inboxBatchSize,
        handler: async () => undefined,
      });
      await consumer.start();
      return () => consumer.stop();
    },
    async close() {
      await client.del(stream);
      client.disconnect();
    },
  };
}

/** The inbox, telling when each message's transaction committed. */
export function wrap(inbox: PostgresInbox, onHandled: (event: DomainEvent) => void): Inbox<SqlClient> {
  return {
    handleOnce: async (consumer, id, handler) => {
      const ran = await inbox.handleOnce(consumer, id, handler);
      onHandled({ id } as DomainEvent);
      return ran;
    },
    handleBatch: async (consumer, messages) => {
      const outcomes = await inbox.handleBatch(consumer, messages);
      messages.forEach((message, i) => {
        if (outcomes[i]?.status !== 'failed') onHandled({ id: message.messageId } as DomainEvent);
      });
      return outcomes;
    },
  };
}

/**
 * Inserts `total` events into the outbox in committed batches of `batch` (one every `everyMs`, or
 * back to back), relays them through the broker to a consumer with an inbox, and resolves once all
 * were handled, recording each event's commit → handled latency.
 */
async function endToEnd(
  broker: Broker,
  client: SqlClient,
  schema: string,
  pace: { total: number; batch: number; everyMs?: number },
  latencies: number[],
  wake: { notify: boolean; pollIntervalMs: number } = { notify: false, pollIntervalMs: 5 },
  inboxBatchSize = 20,
): Promise<void> {
  const outbox = new PostgresOutbox({ client, schema, notify: wake.notify });
  const committed = new Map<string, number>();
  let handled = 0;
  let finish: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = await broker.consume(
    new PostgresInbox({ client, schema }),
    (e) => {
      const at = committed.get(e.id);
      if (at !== undefined) latencies.push(performance.now() - at);
      if (++handled === pace.total) finish();
    },
    inboxBatchSize,
  );
  const publisher = broker.publisher();
  const relay = new OutboxRelay({ outbox, publisher, pollIntervalMs: wake.pollIntervalMs, batchSize: 200 });
  relay.start();
  const started = performance.now();
  for (let i = 0, n = 0; i < pace.total; i += pace.batch, n++) {
    if (pace.everyMs !== undefined) {
      const wait = started + n * pace.everyMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const events = Array.from({ length: Math.min(pace.batch, pace.total - i) }, (_, j) => event(i + j));
    await outbox.add(
      client,
      events.map((e) => ({ kind: 'event' as const, event: e })),
    );
    const now = performance.now();
    for (const e of events) committed.set(e.id, now);
  }
  await all;
  await relay.stop();
  await stop();
  await publisher.close?.();
}

const STEADY_TOTAL = Number(process.env.BENCH_STEADY_MESSAGES ?? 2_000);
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 500);

/** Prints a latency line: p50 and p99 of `latencies` (ms). */
export function report(name: string, label: string, latencies: readonly number[], from = 'commit'): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `  ${name}: ${label} ${from} → handled latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (${sorted.length} events)`,
  );
}

/** One inbox transaction per message, written by hand with `pg` (no library code). */
function handWrittenInbox(pool: pg.Pool, schema: string) {
  return async (body: string): Promise<void> => {
    const { id } = JSON.parse(body) as { id: string };
    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      await connection.query(
        `INSERT INTO "${schema}".ddd_inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        ['floor', id],
      );
      await connection.query('COMMIT');
    } finally {
      connection.release();
    }
  };
}

function workloadFor(make: () => Broker): Workload {
  let broker: Broker;
  let client: ClosableSqlClient;
  let pool: pg.Pool;
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const backlog: number[] = [];
  const name = make.name === 'rabbit' ? 'RabbitMQ' : 'Redis';
  return defineWorkload({
    name: `messaging/outbox-to-inbox (${name}, ${N} events)`,
    opsPerCall: N,
    iterations: 1,
    async setup() {
      broker = make();
      client = await connectPg({ connectionString: databaseUrl, max: 25 });
      pool = new pg.Pool({ connectionString: databaseUrl, max: 25 });
      await migrate(client, { schema });
    },
    async teardown() {
      try {
        report(name, `backlog (${N} inserted at once, batches of 100)`, backlog);
        // Latency below capacity: a steady stream of small commits (5 events each), with a relay
        // polling every 5 ms, then with the default poll (1 s) woken by LISTEN/NOTIFY, and without.
        const pace = { total: STEADY_TOTAL, batch: 5, everyMs: (5 * 1000) / STEADY_RATE };
        for (const [label, wake] of [
          ['polling every 5 ms', { notify: false, pollIntervalMs: 5 }],
          ['notify: true, polling every 1 s', { notify: true, pollIntervalMs: 1000 }],
          ['polling every 1 s, no notify', { notify: false, pollIntervalMs: 1000 }],
        ] as const) {
          const steady: number[] = [];
          await endToEnd(broker, client, schema, pace, steady, wake);
          report(name, `steady ${STEADY_RATE} events/s, ${label},`, steady);
        }
      } finally {
        await broker.close();
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.close();
        await pool.end();
      }
    },
    baseline: {
      name: 'hand-written publish/consume loop (no outbox, no inbox)',
      fn: () => broker.floor(Array.from({ length: N }, (_, i) => JSON.stringify(event(i)))),
    },
    contenders: [
      {
        name: 'hand-written loop + one hand-written inbox transaction per message',
        fn: () =>
          broker.floor(
            Array.from({ length: N }, (_, i) => JSON.stringify(event(i))),
            handWrittenInbox(pool, schema),
          ),
      },
      {
        name: 'PostgresOutbox → OutboxRelay → broker → consumer + PostgresInbox',
        fn: () => endToEnd(broker, client, schema, { total: N, batch: 100 }, backlog),
      },
      {
        name: 'the same, one inbox transaction per message (inboxBatchSize: 1)',
        fn: () => endToEnd(broker, client, schema, { total: N, batch: 100 }, [], undefined, 1),
      },
    ],
    targets: { 'PostgresOutbox → OutboxRelay → broker → consumer + PostgresInbox': 0.6 },
  });
}

export const messagingWorkloads: readonly Workload[] = [workloadFor(rabbit), workloadFor(redis)];
