/**
 * OutboxRelay throughput on a PostgreSQL server: 20,000 pending events of 500 aggregates drained
 * by 1 or 3 relays, with the outbox in global order (the default: relays take turns) or in
 * per-aggregate order (`FOR UPDATE SKIP LOCKED`: relays share the work). The publisher stands for
 * a broker across a network: 5 ms per batch (BENCH_BROKER_MS), whatever its size. The table is
 * refilled before each call, outside the timed window, and never analysed (as a fresh outbox).
 * The baseline is the default set-up (one relay, global order), not hand-written code.
 *
 * Two contenders measure scheduled messages (deadlines): the same drain with 20,000 more messages
 * scheduled for tomorrow interleaved with the pending ones (they must not slow the claims down),
 * and 20,000 scheduled messages that are all due (each joins the commit order as it is claimed).
 */
import { randomUUID } from 'node:crypto';
import { OutboxRelay } from '../../src/cqrs/index.js';
import type { DomainEvent, MessagePublisher } from '../../src/index.js';
import {
  type ClosableSqlClient,
  connectPg,
  migrate,
  type OutboxOrdering,
  PostgresOutbox,
} from '../../src/postgres/index.js';
import { type Contender, defineWorkload, type Workload } from '../harness.js';
import { serverAnswers } from './postgres.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = 20_000;
const AGGREGATES = 500;
const brokerMs = Number(process.env.BENCH_BROKER_MS ?? 5);

const broker: MessagePublisher = {
  publish: async () => undefined,
  publishBatch: () => new Promise((resolve) => setTimeout(resolve, brokerMs)),
};

let client: ClosableSqlClient;
const schema = `bench_relay_${randomUUID().replaceAll('-', '').slice(0, 8)}`;

/** How the refilled rows are scheduled: not at all, half for tomorrow (one each between two pending), all due. */
type Schedule = 'none' | 'waiting' | 'due';

async function refill(schedule: Schedule = 'none'): Promise<void> {
  await client.query(`TRUNCATE "${schema}".ddd_outbox`);
  const outbox = new PostgresOutbox({ client, schema });
  const tomorrow = new Date(Date.now() + 86_400_000).getTime();
  const past = Date.now() - 60_000;
  for (let i = 0; i < N; i += 1000) {
    const events = Array.from(
      { length: 1000 },
      (_, j): DomainEvent => ({
        id: randomUUID(),
        type: 'ItemShipped',
        schemaVersion: 1,
        aggregateId: `warehouse-${(i + j) % AGGREGATES}`,
        aggregateVersion: Math.floor((i + j) / AGGREGATES) + 1,
        occurredAt: '2026-12-06T09:00:00.000Z',
        payload: { sku: `sku-${i + j}`, quantity: 1 },
        metadata: { correlationId: 'bench' },
      }),
    );
    if (schedule === 'waiting') {
      // As many waiting messages as pending ones, each due at its own time tomorrow.
      const entries = events.flatMap((e, j) => [
        { kind: 'event' as const, event: e },
        {
          kind: 'event' as const,
          event: { ...e, id: randomUUID(), type: 'PaymentDeadlinePassed' },
          dueAt: new Date(tomorrow + (i + j) * 1000).toISOString(),
        },
      ]);
      // Ten pending then their ten waiting ones per statement pair: interleaved ids, few round trips.
      for (let k = 0; k < entries.length; k += 20) await outbox.add(client, entries.slice(k, k + 20));
      continue;
    }
    await outbox.add(
      client,
      events.map((e, j) => ({
        kind: 'event' as const,
        event: e,
        ...(schedule === 'due' ? { dueAt: new Date(past + i + j).toISOString() } : {}),
      })),
    );
  }
}

function relays(ordering: OutboxOrdering, count: number, schedule: Schedule = 'none'): Contender {
  const scheduled =
    schedule === 'waiting'
      ? `, ${N} deadlines waiting`
      : schedule === 'due'
        ? ', every message a deadline now due'
        : '';
  return {
    name: `${count} relay${count === 1 ? '' : 's'}, ordering '${ordering}'${scheduled}`,
    beforeEach: () => refill(schedule),
    fn: async () => {
      const all = Array.from(
        { length: count },
        () =>
          new OutboxRelay({
            outbox: new PostgresOutbox({ client, schema, ordering }),
            publisher: broker,
            batchSize: 200,
          }),
      );
      // A relay that finds only rows other relays hold returns early: go round until all are out.
      let published = 0;
      while (published < N) published += (await Promise.all(all.map((relay) => relay.drain()))).reduce((a, b) => a + b);
    },
  };
}

const relayWorkload = defineWorkload({
  name: `postgres/outbox-relay (server, ${N} events of ${AGGREGATES} aggregates, broker ${brokerMs} ms per batch)`,
  opsPerCall: N,
  iterations: 1,
  async setup() {
    client = await connectPg({ connectionString: databaseUrl, max: 6 });
    await migrate(client, { schema });
  },
  async teardown() {
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    await client.close();
  },
  baseline: relays('global', 1),
  contenders: [
    relays('global', 3),
    relays('per-aggregate', 1),
    relays('per-aggregate', 3),
    relays('global', 1, 'waiting'),
    relays('global', 1, 'due'),
  ],
  targets: {
    [relays('global', 1, 'waiting').name]: 0.8,
    [relays('global', 1, 'due').name]: 0.5,
  },
});

export const outboxRelayWorkloads: readonly Workload[] = (await serverAnswers('the outbox relay workload'))
  ? [relayWorkload]
  : [];
