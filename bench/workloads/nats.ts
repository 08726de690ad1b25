/**
 * Partitioned, ordered consumption on NATS JetStream, end to end, 10,000 events of 200 aggregates
 * per call (distinct ids and timestamps, versions in order): PostgresOutbox insert (committed
 * batches of 100) → OutboxRelay (batch publish) → NatsPublisher (12 partitions) → NatsConsumer(s)
 * of one group handling each event through a PostgresInbox, one message in hand per partition.
 * The baseline is one consumer, the contender three consumers sharing the partitions; each consumer
 * stands for a process of its own and so has its own connection pool (BENCH_NATS_POOL connections,
 * default 2), as separate processes would. Target: three consumers handle at least twice what one
 * does. The commit → handled latency (p50/p99) is printed per consumer count, and a run that
 * handles an aggregate's events out of version order fails. NATS at NATS_URL (default this
 * machine's), PostgreSQL at DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { OutboxRelay } from '../../src/cqrs/index.js';
import type { DomainEvent } from '../../src/index.js';
import { NatsConsumer, NatsPublisher } from '../../src/nats/index.js';
import { type ClosableSqlClient, connectPg, migrate, PostgresInbox, PostgresOutbox } from '../../src/postgres/index.js';
import { defineWorkload, type Workload } from '../harness.js';

const N = Number(process.env.BENCH_MESSAGES ?? 10_000);
const AGGREGATES = 200;
const PARTITIONS = 12;
const POOL = Number(process.env.BENCH_NATS_POOL ?? 2);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const natsUrl = process.env.NATS_URL ?? '127.0.0.1:4222';

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const started = Date.now();
const events = (): DomainEvent[] =>
  Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    type: 'StockMoved',
    schemaVersion: 1,
    aggregateId: `aggregate-${i % AGGREGATES}`,
    aggregateVersion: Math.floor(i / AGGREGATES) + 1,
    occurredAt: new Date(started + i).toISOString(),
    payload: { sku: `sku-${i % 500}`, quantity: 1 + (i % 7) },
    metadata: { correlationId: `bench-${i}` },
  }));

function workload(): Workload {
  let connection: NatsConnection;
  let client: ClosableSqlClient;
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const latencies = new Map<number, number[]>();
  const streams: string[] = [];

  /** One end-to-end run with `consumers` consumers of a fresh stream; fails on an event out of order. */
  async function run(consumers: number): Promise<void> {
    const stream = `bench-nats-${randomUUID().slice(0, 8)}`;
    streams.push(stream);
    const all = events();
    const committed = new Map<string, number>();
    const lastVersion = new Map<string, number>();
    const latency = latencies.get(consumers) ?? [];
    latencies.set(consumers, latency);
    let handled = 0;
    let outOfOrder = 0;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pools: ClosableSqlClient[] = [];
    const group: NatsConsumer<DomainEvent, unknown>[] = [];
    for (let c = 0; c < consumers; c++) {
      const pool = await connectPg({ connectionString: databaseUrl, max: POOL });
      pools.push(pool);
      group.push(
        new NatsConsumer<DomainEvent, unknown>({
          connection,
          stream,
          durable: 'bench',
          partitions: PARTITIONS,
          memberName: `member-${c}`,
          consumer: `bench-${stream}`,
          inbox: new PostgresInbox({ client: pool, schema }),
          heartbeatMs: 100,
          memberTimeoutMs: 2000,
          handler: async (event) => {
            if (event.aggregateVersion !== (lastVersion.get(event.aggregateId) ?? 0) + 1) outOfOrder++;
            lastVersion.set(event.aggregateId, event.aggregateVersion);
            const at = committed.get(event.id);
            if (at !== undefined) latency.push(performance.now() - at);
            if (++handled === N) finish();
          },
        }),
      );
    }
    for (const consumer of group) await consumer.start();
    // Measure once the group has split the partitions.
    while (group.some((c) => c.partitionsOwned.length !== PARTITIONS / consumers)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const outbox = new PostgresOutbox({ client, schema });
    const relay = new OutboxRelay({
      outbox,
      publisher: new NatsPublisher({ connection, stream, partitions: PARTITIONS }),
      pollIntervalMs: 5,
      batchSize: 200,
    });
    relay.start();
    for (let i = 0; i < N; i += 100) {
      const batch = all.slice(i, i + 100);
      await outbox.add(
        client,
        batch.map((event) => ({ kind: 'event' as const, event })),
      );
      const now = performance.now();
      for (const event of batch) committed.set(event.id, now);
    }
    await done;
    await relay.stop();
    for (const consumer of group) await consumer.stop();
    for (const pool of pools) await pool.close();
    if (outOfOrder > 0) throw new Error(`${outOfOrder} events handled out of version order`);
  }

  return defineWorkload({
    name: `messaging/nats ordered partitions (${N} events, ${AGGREGATES} aggregates, ${PARTITIONS} partitions)`,
    opsPerCall: N,
    iterations: 1,
    async setup() {
      connection = await connect({ servers: natsUrl });
      client = await connectPg({ connectionString: databaseUrl, max: 10 });
      await migrate(client, { schema });
    },
    async teardown() {
      try {
        for (const [consumers, values] of [...latencies].sort(([a], [b]) => a - b)) {
          const sorted = [...values].sort((a, b) => a - b);
          console.log(
            `  NATS, ${consumers} ordered consumer(s): commit → handled latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms (${sorted.length} events)`,
          );
        }
      } finally {
        const jsm = await jetstreamManager(connection);
        for (const stream of streams) await jsm.streams.delete(stream).catch(() => false);
        await connection.close();
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.close();
      }
    },
    baseline: { name: '1 ordered consumer', fn: () => run(1) },
    contenders: [{ name: '3 ordered consumers', fn: () => run(3) }],
    targets: { '3 ordered consumers': 2 },
  });
}

export const natsWorkloads: readonly Workload[] = [workload()];
