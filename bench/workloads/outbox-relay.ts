/**
 * OutboxRelay throughput on a PostgreSQL server: 20,000 pending events of 500 aggregates drained
 * by 1 or 3 relays, with the outbox in global order (the default: relays take turns) or in
 * per-aggregate order (`FOR UPDATE SKIP LOCKED`: relays share the work). The publisher stands for
 * a broker across a network: 5 ms per batch (BENCH_BROKER_MS), whatever its size. The table is
 * refilled before each call, outside the timed window, and never analysed (as a fresh outbox).
 * The baseline is the default set-up (one relay, global order), not hand-written code.
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

async function refill(): Promise<void> {
  await client.query(`TRUNCATE "${schema}".ddd_outbox`);
  const outbox = new PostgresOutbox({ client, schema });
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
    await outbox.add(
      client,
      events.map((e) => ({ kind: 'event' as const, event: e })),
    );
  }
}

function relays(ordering: OutboxOrdering, count: number): Contender {
  return {
    name: `${count} relay${count === 1 ? '' : 's'}, ordering '${ordering}'`,
    beforeEach: refill,
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
  contenders: [relays('global', 3), relays('per-aggregate', 1), relays('per-aggregate', 3)],
});

export const outboxRelayWorkloads: readonly Workload[] = (await serverAnswers('the outbox relay workload'))
  ? [relayWorkload]
  : [];
