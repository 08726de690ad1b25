import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, type DomainEvent } from '../../src/index.js';
import { type ClosableSqlClient, migrate, PostgresEventStore } from '../../src/postgres/index.js';
import { eventStoreConformance } from '../../src/testing/index.js';
import { freshSchema, pgServer, serverAvailable } from './fixtures.js';

const available = await serverAvailable();
let opened: Promise<ClosableSqlClient> | undefined;
const client = () => {
  opened ??= pgServer.open();
  return opened;
};
afterAll(async () => {
  if (opened !== undefined) await (await opened).close();
});

describe.runIf(available)('on a PostgreSQL server', () => {
  eventStoreConformance(
    async ({ registry }) => {
      const schema = freshSchema();
      await migrate(await client(), { schema });
      return new PostgresEventStore({ client: await client(), schema, registry });
    },
    {
      name: 'PostgresEventStore on a PostgreSQL server',
      teardown: async (store) => {
        await (await client()).query(`DROP SCHEMA "${(store as PostgresEventStore).schema}" CASCADE`);
      },
    },
  );
});

describe.runIf(available)('PostgresEventStore under real concurrency', () => {
  const schema = freshSchema();
  let store: PostgresEventStore;
  beforeAll(async () => {
    await migrate(await client(), { schema });
    store = new PostgresEventStore({ client: await client(), schema });
  });
  afterAll(async () => {
    await (await client()).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  const event = (stream: string, version: number): DomainEvent => ({
    id: randomUUID(),
    type: 'Noted',
    schemaVersion: 1,
    aggregateId: stream,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    payload: { version },
    metadata: {},
  });

  it('20 concurrent appenders, 30 rounds: one winner per round, every loser a ConcurrencyError with both versions', async () => {
    const stream = `race-${randomUUID()}`;
    for (let round = 0; round < 30; round++) {
      const expectedVersion = round === 0 ? 'no_stream' : round;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => store.appendToStream(stream, [event(stream, round + 1)], { expectedVersion })),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toBeInstanceOf(ConcurrencyError);
          expect(result.reason).toMatchObject({ streamId: stream, expected: expectedVersion, actual: round + 1 });
        }
      }
    }
    expect((await store.readStream(stream)).map((e) => e.version)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  }, 60_000);

  it('a subscriber checkpointing by position never passes an event that commits late', async () => {
    const start = (await store.readAll()).at(-1)?.globalPosition ?? 0n;
    const [slow, fast] = [`slow-${randomUUID()}`, `fast-${randomUUID()}`];
    let appended = (): void => undefined;
    const slowAppended = new Promise<void>((resolve) => {
      appended = resolve;
    });
    let commit = (): void => undefined;
    const commitNow = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const slowTx = (await client()).transaction(async (tx) => {
      await store.withClient(tx).appendToStream(slow, [event(slow, 1)]);
      appended();
      await commitNow;
    });
    await slowAppended;
    await store.appendToStream(fast, [event(fast, 1)]);
    const impatient = new PostgresEventStore({ client: await client(), schema, readAllWaitMs: 0 });
    const early = await impatient.readAll({ fromPosition: start });
    expect(early.map((e) => e.streamId)).toEqual([]);
    const checkpoint = early.at(-1)?.globalPosition ?? start;
    commit();
    await slowTx;
    expect((await store.readAll({ fromPosition: checkpoint })).map((e) => e.streamId)).toEqual([slow, fast]);
  });

  it('a batch with one invalid event stores nothing', async () => {
    const stream = `bad-${randomUUID()}`;
    const bad = { ...event(stream, 2), occurredAt: 'yesterday' };
    await expect(store.appendToStream(stream, [event(stream, 1), bad])).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'events.1.occurredAt',
    });
    expect(await store.getStreamMetadata(stream)).toEqual({ streamId: stream, version: 0, exists: false });
  });

  it('treats SQL in stream ids and payloads as data', async () => {
    const stream = `x'); DELETE FROM "${schema}".ddd_events; --`;
    await store.appendToStream(stream, [{ ...event(stream, 1), payload: { text: "'; DROP TABLE ddd_streams; --" } }]);
    const [read] = await store.readStream(stream);
    expect(read?.streamId).toBe(stream);
    expect(read?.payload).toEqual({ text: "'; DROP TABLE ddd_streams; --" });
    expect((await store.readAll()).length).toBeGreaterThan(30);
  });
});
