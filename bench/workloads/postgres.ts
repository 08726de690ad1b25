/**
 * The PostgreSQL adapter against hand-written SQL on the same connection (the floor): appends one
 * at a time and in batches of 100, and a catch-up read of 100,000 events, on PGlite (in memory)
 * and on the server at DATABASE_URL (default: this machine's; skipped with a note when it does
 * not answer). On the server, @event-driven-io/emmett-postgresql appends side by side, in a
 * database of its own (it writes to the `public` schema).
 *
 * A single append also runs as hand-written *checked* SQL (bump the stream row and insert the
 * event in one statement): the least a version-checked append costs, so the gap between it and
 * the plain INSERT is the price of the check, not of the library.
 */
import { randomUUID } from 'node:crypto';
import {
  type PostgresEventStore as EmmettEventStore,
  getPostgreSQLEventStore,
} from '@event-driven-io/emmett-postgresql';
import * as z from 'zod';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { type DomainEvent, defineEvent } from '../../src/index.js';
import {
  type ClosableSqlClient,
  connectPg,
  migrate,
  openPGlite,
  PostgresEventStore,
} from '../../src/postgres/index.js';
import { defineWorkload, sink, type Workload } from '../harness.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Backend {
  readonly name: string;
  open(): Promise<ClosableSqlClient>;
  /** An emmett-postgresql store on the same server, when the backend is a server. */
  emmett?(): Promise<EmmettEventStore>;
}

const event = (stream: string, version: number): DomainEvent => ({
  id: randomUUID(),
  type: 'Deposited',
  schemaVersion: 1,
  aggregateId: stream,
  aggregateVersion: version,
  occurredAt: '2026-11-25T09:00:00.000Z',
  payload: { amount: version * 10, currency: 'EUR', note: 'benchmark deposit' },
  metadata: { correlationId: 'bench' },
});
const emmettEvent = (version: number) => ({
  type: 'Deposited',
  data: { amount: version * 10, currency: 'EUR', note: 'benchmark deposit' },
  metadata: { correlationId: 'bench' },
});
const batch = (stream: string, count: number, first = 1): DomainEvent[] =>
  Array.from({ length: count }, (_, i) => event(stream, first + i));
/** Events as an application writes them: every id, timestamp and metadata value its own. */
const distinctBatch = (stream: string, count: number, first: number): DomainEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    ...event(stream, first + i),
    occurredAt: new Date(Date.UTC(2026, 10, 25, 9) + (first + i) * 1000).toISOString(),
    metadata: { correlationId: randomUUID(), causationId: randomUUID() },
  }));
const Deposited = defineEvent(
  'Deposited',
  z.object({ amount: z.number().int(), currency: z.string().length(3), note: z.string() }),
);
const registry = defineEventRegistry({ current: [Deposited] });
const row = (e: DomainEvent, version: number) => ({
  stream_id: e.aggregateId,
  version,
  event_id: e.id,
  event_type: e.type,
  schema_version: e.schemaVersion,
  aggregate_id: e.aggregateId,
  aggregate_version: e.aggregateVersion,
  occurred_at: e.occurredAt,
  payload: e.payload,
  metadata: e.metadata,
});

/** The three workloads of one backend; they share one database, opened and migrated once. */
function workloadsFor(backend: Backend): Workload[] {
  let opened: Promise<{ client: ClosableSqlClient; schema: string }> | undefined;
  let users = 0;
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let store: PostgresEventStore;
  let validating: PostgresEventStore;
  const hand = `"${schema}".hand_events`;
  const db = () => {
    opened ??= (async () => {
      const client = await backend.open();
      await migrate(client, { schema });
      // The floor: the same columns, constraints and indexes, written without any checks.
      await client.query(`CREATE TABLE ${hand} (LIKE "${schema}".ddd_events INCLUDING ALL)`);
      return { client, schema };
    })();
    return opened;
  };
  let client: ClosableSqlClient;
  let emmett: EmmettEventStore | undefined;
  const setup = async () => {
    users++;
    client = (await db()).client;
    store = new PostgresEventStore({ client, schema });
    validating = new PostgresEventStore({ client, schema, registry });
    if (backend.emmett !== undefined) emmett ??= await backend.emmett();
  };
  const teardown = async () => {
    users--;
    if (users === 0 && opened !== undefined) {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      await client.close();
      await emmett?.close();
      emmett = undefined;
      opened = undefined;
    }
  };
  const emmettContender = (name: string, fn: (store: EmmettEventStore) => Promise<void>) =>
    backend.emmett === undefined ? [] : [{ name, fn: () => fn(emmett as EmmettEventStore) }];
  const checkedOne = `WITH bump AS (
      UPDATE "${schema}".ddd_streams SET version = version + 1, updated_at = now()
      WHERE stream_id = $1::text AND version = $2::bigint RETURNING version
    )
    INSERT INTO "${schema}".ddd_events (stream_id, version, event_id, event_type, schema_version, aggregate_id,
      aggregate_version, occurred_at, payload, metadata)
    SELECT $1::text, bump.version, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb FROM bump
    RETURNING global_position, tx_id`;
  const insertOne = `INSERT INTO ${hand} (stream_id, version, event_id, event_type, schema_version, aggregate_id,
    aggregate_version, occurred_at, payload, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`;
  const insertMany = `INSERT INTO ${hand} (stream_id, version, event_id, event_type, schema_version, aggregate_id,
    aggregate_version, occurred_at, payload, metadata)
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(stream_id text, version bigint, event_id text, event_type text,
      schema_version int, aggregate_id text, aggregate_version bigint, occurred_at text, payload jsonb, metadata jsonb)`;

  const SINGLE = 20;
  const single = defineWorkload({
    name: `postgres/append.single (${backend.name})`,
    opsPerCall: SINGLE,
    setup,
    teardown,
    baseline: {
      name: 'hand-written INSERT per event',
      fn: async () => {
        const stream = `hand-${randomUUID()}`;
        for (let v = 1; v <= SINGLE; v++) {
          const e = event(stream, v);
          await client.query(insertOne, [
            stream,
            v,
            e.id,
            e.type,
            e.schemaVersion,
            e.aggregateId,
            e.aggregateVersion,
            e.occurredAt,
            JSON.stringify(e.payload),
            JSON.stringify(e.metadata),
          ]);
        }
      },
    },
    contenders: [
      {
        name: 'appendToStream (checked, one statement)',
        fn: async () => {
          const stream = `store-${randomUUID()}`;
          for (let v = 0; v < SINGLE; v++) {
            await store.appendToStream(stream, [event(stream, v + 1)], { expectedVersion: v });
          }
        },
      },
      {
        name: 'hand-written checked append (bump stream row + INSERT)',
        fn: async () => {
          const stream = `checked-${randomUUID()}`;
          await client.query(`INSERT INTO "${schema}".ddd_streams (stream_id, version) VALUES ($1, 0)`, [stream]);
          for (let v = 0; v < SINGLE; v++) {
            const e = event(stream, v + 1);
            const { rows } = await client.query(checkedOne, [
              stream,
              v,
              e.id,
              e.type,
              e.schemaVersion,
              e.aggregateId,
              e.aggregateVersion,
              e.occurredAt,
              JSON.stringify(e.payload),
              JSON.stringify(e.metadata),
            ]);
            if (rows.length !== 1) throw new Error('checked append rejected');
          }
        },
      },
      ...emmettContender('emmett-postgresql appendToStream (checked)', async (emmett) => {
        const stream = `emmett-${randomUUID()}`;
        for (let v = 0; v < SINGLE; v++) {
          await emmett.appendToStream(stream, [emmettEvent(v + 1)], { expectedStreamVersion: BigInt(v) });
        }
      }),
    ],
    targets: { 'appendToStream (checked, one statement)': 1 / 1.3 },
  });

  const BATCH = 100;
  const batched = defineWorkload({
    name: `postgres/append.batch100 (${backend.name})`,
    opsPerCall: BATCH,
    setup,
    teardown,
    baseline: {
      name: 'hand-written INSERT of 100 rows',
      fn: async () => {
        const stream = `hand-${randomUUID()}`;
        await client.query(insertMany, [JSON.stringify(batch(stream, BATCH).map((e, i) => row(e, i + 1)))]);
      },
    },
    contenders: [
      {
        name: 'appendToStream 100 (checked, one statement)',
        fn: async () => {
          const stream = `store-${randomUUID()}`;
          await store.appendToStream(stream, batch(stream, BATCH), { expectedVersion: 'no_stream' });
        },
      },
      ...emmettContender('emmett-postgresql appendToStream 100 (checked)', async (emmett) => {
        await emmett.appendToStream(
          `emmett-${randomUUID()}`,
          Array.from({ length: BATCH }, (_, i) => emmettEvent(i + 1)),
          { expectedStreamVersion: 0n },
        );
      }),
    ],
    targets: { 'appendToStream 100 (checked, one statement)': 1 / 1.3 },
  });

  const TOTAL = 100_000;
  const PAGE = 1000;
  const catchUp = defineWorkload({
    name: `postgres/readAll.100k (${backend.name})`,
    opsPerCall: TOTAL,
    iterations: 5,
    setup: async () => {
      await setup();
      // A dedicated schema, so that the read covers exactly 100,000 events.
      await client.query(`DELETE FROM ${hand}`);
      await client.query(`TRUNCATE "${schema}".ddd_events, "${schema}".ddd_streams`);
      for (let i = 0; i < TOTAL / PAGE; i++) {
        const stream = `read-${i}`;
        const events = batch(stream, PAGE);
        await store.appendToStream(stream, events, { expectedVersion: 'no_stream' });
        await client.query(insertMany, [JSON.stringify(events.map((e, v) => row(e, v + 1)))]);
      }
    },
    teardown,
    baseline: {
      name: 'hand-written keyset pages of 1000',
      fn: async () => {
        let after = '0';
        let seen = 0;
        for (;;) {
          const { rows } = await client.query<{ position_text: string }>(
            `SELECT global_position::text AS position_text, stream_id, version, event_id, event_type, schema_version,
               aggregate_id, aggregate_version, occurred_at, payload, metadata
             FROM ${hand} WHERE global_position > $1::bigint ORDER BY global_position LIMIT ${PAGE}`,
            [after],
          );
          if (rows.length === 0) break;
          seen += rows.length;
          after = (rows[rows.length - 1] as { position_text: string }).position_text;
        }
        if (seen !== TOTAL) throw new Error(`read ${seen} events`);
        sink.value = after;
      },
    },
    contenders: [
      {
        name: 'readAll pages of 1000 (xid8-safe)',
        fn: async () => {
          let after = 0n;
          let seen = 0;
          for (;;) {
            const page = await store.readAll({ fromPosition: after, maxCount: PAGE });
            if (page.length === 0) break;
            seen += page.length;
            after = (page[page.length - 1] as { globalPosition: bigint }).globalPosition;
          }
          if (seen !== TOTAL) throw new Error(`read ${seen} events`);
          sink.value = after;
        },
      },
    ],
    targets: { 'readAll pages of 1000 (xid8-safe)': 1 / 1.3 },
  });

  // Reading streams back: streams of 100 events (50 of them) or of 10,000 (2), written interleaved
  // (50 events of one stream, then 50 of the next, as concurrent writers leave them) with 20,000
  // events of 50 other streams, each event distinct (its own id, timestamp, correlation and
  // causation ids). Each call reads every stream of its size once.
  const streamsOf = (size: number): string[] =>
    Array.from({ length: size === 100 ? 50 : 2 }, (_, i) => `read-${size}-${i}`);
  const fillStreams = async (size: number): Promise<void> => {
    await setup();
    const sizes = new Map([
      ...streamsOf(size).map((s) => [s, size] as const),
      ...Array.from({ length: 50 }, (_, i) => [`other-${i}`, 400] as const),
    ]);
    const CHUNK = 50;
    for (let offset = 0; sizes.size > 0; offset += CHUNK) {
      for (const [stream, length] of sizes) {
        const count = Math.min(CHUNK, length - offset);
        await store.appendToStream(stream, distinctBatch(stream, count, offset + 1), { expectedVersion: offset });
        if (offset + count >= length) sizes.delete(stream);
      }
    }
  };
  const handSelect = `SELECT global_position, tx_id, stream_id, version, event_id, event_type, schema_version, aggregate_id,
      aggregate_version, occurred_at, payload, metadata
    FROM "${schema}".ddd_events WHERE stream_id = $1 ORDER BY version`;
  const readStreamWorkload = (size: number) => {
    const streams = streamsOf(size);
    const total = streams.length * size;
    const check = (read: number) => {
      if (read !== total) throw new Error(`read ${read} events`);
    };
    return defineWorkload({
      name: `postgres/readStream.${size} (${backend.name})`,
      opsPerCall: total,
      iterations: size === 100 ? 10 : 5,
      setup: () => fillStreams(size),
      teardown,
      baseline: {
        name: 'hand-written SELECT of the stream',
        fn: async () => {
          let read = 0;
          for (const stream of streams) read += (await client.query(handSelect, [stream])).rows.length;
          check(read);
        },
      },
      contenders: [
        {
          name: 'readStream',
          fn: async () => {
            let read = 0;
            for (const stream of streams) read += (await store.readStream(stream)).length;
            check(read);
          },
        },
        {
          name: 'readStream with a registry (validated)',
          fn: async () => {
            let read = 0;
            for (const stream of streams) read += (await validating.readStream(stream)).length;
            check(read);
          },
        },
      ],
      targets: { readStream: 0.8 },
    });
  };

  return [single, batched, catchUp, readStreamWorkload(100), readStreamWorkload(10_000)];
}

/** Whether the PostgreSQL server at DATABASE_URL answers; when not, says what `skipped` skips. */
export async function serverAnswers(skipped: string): Promise<boolean> {
  const probe = await connectPg({ connectionString: databaseUrl, connectionTimeoutMillis: 1000, max: 1 });
  try {
    await probe.query('SELECT 1');
    return true;
  } catch (error) {
    console.warn(`no PostgreSQL server at ${databaseUrl} (${String(error)}): skipping ${skipped}`);
    return false;
  } finally {
    await probe.close();
  }
}

const pglite: Backend = { name: 'PGlite', open: () => openPGlite() };
const server: Backend = {
  name: 'server',
  open: () => connectPg({ connectionString: databaseUrl, max: 4 }),
  emmett: async () => {
    // emmett-postgresql keeps its tables in `public`: give it a database of its own.
    const admin = await connectPg({ connectionString: databaseUrl, max: 1 });
    const name = 'tactical_ddd_bench_emmett';
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rows.length === 0) await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.close();
    }
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const store = getPostgreSQLEventStore(url.toString());
    // Creates its schema on first use: do that before anything is timed.
    await store.appendToStream(`warm-up-${randomUUID()}`, [emmettEvent(1)]);
    return store;
  },
};

/** The postgres workloads (the server ones only when it answers). */
export const postgresWorkloads: readonly Workload[] = [
  ...workloadsFor(pglite),
  ...((await serverAnswers('the server workloads (PGlite only)')) ? workloadsFor(server) : []),
];
