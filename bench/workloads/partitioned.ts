/**
 * Partitioned, ordered consumption, end to end through a real broker, 10,000 events of 200
 * aggregates per call: the partitioned publisher (`partitions: 12`, batches of 500) → broker → the
 * group's partitioned consumers, each a process of its
 * own (`partitionedConsumer.ts`, as an instance of a service is) with a pool of its own (5
 * connections) and a PostgresInbox, whose handler writes a read-model row in the inbox
 * transaction. One consumer (the baseline) against three consumers of one group sharing the 12
 * partitions (target: 2x the one consumer's throughput). The consumers start, share the
 * partitions out and handle BENCH_WARM_UP events (default 3,000: long-running services are warm)
 * before the timed window; the publish → handled latency (p50/p99) and where the CPU went are
 * printed after each broker.
 * Brokers: RABBITMQ_URL / REDIS_URL (default this machine's), PostgreSQL at DATABASE_URL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import type { DomainEvent, MessagePublisher } from '../../src/index.js';
import { type ClosableSqlClient, connectPg, migrate } from '../../src/postgres/index.js';
import { RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { RedisStreamPublisher } from '../../src/redis/index.js';
import { defineWorkload, type Workload } from '../harness.js';
import { report } from './messaging.js';
import type { ConsumerConfig } from './partitionedConsumer.js';

// Built beside this file by `npm run bench` (scripts/bench.mjs); run through tsx otherwise.
const built = import.meta.url.endsWith('.built.mjs');
const consumerScript = new URL(built ? './partitionedConsumer.built.mjs' : './partitionedConsumer.ts', import.meta.url)
  .pathname;

const N = Number(process.env.BENCH_MESSAGES ?? 10_000);
const AGGREGATES = 200;
/** Events each new group of consumer processes handles before it is timed. */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 3_000);
const PARTITIONS = 12;
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rabbitUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `count` (10,000) events of 200 aggregates, interleaved, with distinct ids and timestamps. */
function events(count = N): DomainEvent[] {
  const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => ({
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
  /** What a consumer process needs to join the group. */
  readonly config: ConsumerConfig;
  publisher(): MessagePublisher & { close?(): Promise<void> };
  close(): Promise<void>;
}

function rabbitGroup(schema: string): Group {
  const exchange = `bench-p-${randomUUID().slice(0, 8)}`;
  const queue = `${exchange}.projection`;
  return {
    config: { broker: 'RabbitMQ', url: rabbitUrl, databaseUrl, schema, name: exchange, partitions: PARTITIONS },
    publisher: () => new RabbitMQPublisher({ url: rabbitUrl, exchange, partitions: PARTITIONS }),
    async close() {
      const model = await connect(rabbitUrl);
      const channel = await model.createChannel();
      for (let p = 0; p < PARTITIONS; p++) await channel.deleteQueue(`${queue}.${p}`);
      for (const name of [`${queue}.dead-letter`, `${queue}.members`]) await channel.deleteQueue(name);
      for (const name of [`${queue}.partitions`, `${queue}.unrouted`, exchange]) await channel.deleteExchange(name);
      await model.close();
    },
  };
}

function redisGroup(schema: string): Group {
  const client = new Redis(redisUrl);
  const stream = `bench-p-${randomUUID().slice(0, 8)}`;
  return {
    config: { broker: 'Redis', url: redisUrl, databaseUrl, schema, name: stream, partitions: PARTITIONS },
    publisher: () => new RedisStreamPublisher({ redis: client, stream, partitions: PARTITIONS }),
    async close() {
      const keys = await client.keys(`${stream}*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
    },
  };
}

/** A group of consumer processes, started and balanced, ready for a run. */
interface Running {
  readonly group: Group;
  readonly children: ChildProcess[];
  /** Called with each handled event id and when (wall-clock ms). */
  onHandled: (id: string, at: number) => void;
  /** Each consumer process's CPU time so far (user + system, ms), as it last reported it. */
  readonly cpu: number[];
}

/** The machine's CPU time so far, busy and in all (ms per core summed), from /proc/stat (Linux). */
function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Where the CPU went during the calls of one contender: the machine, the publishing parent, the consumers. */
const cpuLines: string[] = [];

/** Forks `consumers` consumer processes of a fresh group and waits until each holds partitions. */
async function startGroup(make: (schema: string) => Group, schema: string, consumers: number): Promise<Running> {
  const group = make(schema);
  const running: Running = { group, children: [], onHandled: () => undefined, cpu: [] };
  const ready = Array.from({ length: consumers }, async (_, index) => {
    const child = fork(consumerScript, [JSON.stringify(group.config)], { execArgv: built ? [] : ['--import', 'tsx'] });
    running.children.push(child);
    running.cpu[index] = 0;
    child.on('message', (message: { handled?: [string, number][]; cpuMs?: number }) => {
      for (const [id, at] of message.handled ?? []) running.onHandled(id, at);
      if (message.cpuMs !== undefined) running.cpu[index] = message.cpuMs;
    });
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: { ready?: number[] }) => {
        if (message.ready !== undefined) resolve();
      });
      child.once('exit', (code) => reject(new Error(`a consumer process exited (${code}) before it was ready`)));
    });
  });
  await Promise.all(ready);
  // Every process holds partitions; wait a few rebalance rounds for the even share.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return running;
}

async function stopGroup(running: Running | undefined): Promise<void> {
  if (running === undefined) return;
  await Promise.all(
    running.children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.send('stop');
        }),
    ),
  );
  await running.group.close();
}

/**
 * Publishes N events (batches of 500, each resolved once the broker took it) to a running group and
 * resolves once every event's read-model row committed, recording each event's publish → handled
 * latency. The outbox and relay are left out: they are one process whichever the number of
 * consumers (their figures are in the messaging workloads), and this measures what scales.
 */
async function endToEnd(running: Running, latencies: number[], count = N, record = true): Promise<void> {
  const published = new Map<string, number>();
  let handled = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  running.onHandled = (id, at) => {
    const from = published.get(id);
    if (from !== undefined) latencies.push(at - from);
    if (++handled === count) finish();
  };
  const publisher = running.group.publisher();
  const sent = events(count);
  const cpuBefore = {
    machine: machineCpu(),
    parent: process.cpuUsage(),
    consumers: running.cpu.reduce((a, b) => a + b, 0),
  };
  const wallBefore = performance.now();
  for (let i = 0; i < sent.length; i += 500) {
    const batch = sent.slice(i, i + 500);
    const now = performance.timeOrigin + performance.now();
    for (const event of batch) published.set(event.id, now);
    await publisher.publishBatch?.(batch);
  }
  await done;
  const wall = performance.now() - wallBefore;
  // The consumers report their CPU every few milliseconds: wait for the reports after the last event.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const machine = machineCpu();
  const parent = process.cpuUsage(cpuBefore.parent);
  const consumers = running.cpu.reduce((a, b) => a + b, 0) - cpuBefore.consumers;
  if (!record) {
    await publisher.close?.();
    return;
  }
  const busy =
    machine === undefined || cpuBefore.machine === undefined
      ? Number.NaN
      : (100 * (machine.busy - cpuBefore.machine.busy)) / (machine.total - cpuBefore.machine.total);
  cpuLines.push(
    `${running.children.length} consumer(s): wall ${wall.toFixed(0)} ms; machine ${busy.toFixed(0)}% busy (2 cores = 100%); publisher process ${((parent.user + parent.system) / 1000).toFixed(0)} ms CPU; consumer processes ${consumers.toFixed(0)} ms CPU`,
  );
  await publisher.close?.();
}

function workloadFor(make: (schema: string) => Group, name: string): Workload {
  let client: ClosableSqlClient;
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const latencies = { one: [] as number[], three: [] as number[] };
  let running: Running | undefined;
  /** Stops the last run's consumers, then starts `consumers` of a fresh group. */
  const prepare = (consumers: number) => async () => {
    await stopGroup(running);
    running = undefined;
    running = await startGroup(make, schema, consumers);
    // A service's consumers run for a long time: warm the new processes up (their code compiled,
    // connections open) before the timed window, as a deployment has them.
    await endToEnd(running, [], WARM_UP, false);
  };
  const three = `3 consumer processes of one group (${PARTITIONS} partitions, 4 each)`;
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
        await stopGroup(running);
        report(name, '1 consumer,', latencies.one, 'publish');
        report(name, '3 consumers,', latencies.three, 'publish');
        for (const line of cpuLines.splice(0)) console.log(`  ${name}: ${line}`);
      } finally {
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
        await client.close();
      }
    },
    baseline: {
      name: `1 consumer process (${PARTITIONS} partitions)`,
      beforeEach: prepare(1),
      fn: () => endToEnd(running as Running, latencies.one),
    },
    contenders: [{ name: three, beforeEach: prepare(3), fn: () => endToEnd(running as Running, latencies.three) }],
    targets: { [three]: 2 },
  });
}

export const partitionedWorkloads: readonly Workload[] = [
  workloadFor(rabbitGroup, 'RabbitMQ'),
  workloadFor(redisGroup, 'Redis'),
];
