import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateEventError, type ExpectedVersion } from '../../src/event-sourcing/index.js';
import { ConcurrencyError, type DomainEvent } from '../../src/index.js';
import { type ClosableSqlClient, migrate, PostgresEventStore } from '../../src/postgres/index.js';
import { eventStoreConformance } from '../../src/testing/vitest/index.js';
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

  /** Appends through the store, or through it bound to a transaction that must still commit. */
  const appendAs = async (
    racer: number,
    stream: string,
    events: readonly DomainEvent[],
    expectedVersion: ExpectedVersion,
  ) => {
    if (racer % 2 === 0) return store.appendToStream(stream, events, { expectedVersion });
    return (await client()).transaction(async (tx) => {
      const result = await store
        .withClient(tx)
        .appendToStream(stream, events, { expectedVersion })
        .catch((error: unknown) => error);
      // The transaction is still usable after the append lost its race: no SQL error aborted it.
      await tx.query('SELECT 1');
      if (result instanceof Error) throw result;
      return result;
    });
  };

  it('12 identical retries racing, 20 rounds, every expected-version mode: all get the first result', async () => {
    const modes = ['no_stream', 'exact', 'stream_exists', 'any'] as const;
    for (const mode of modes) {
      for (let round = 0; round < 20; round++) {
        const stream = `retry-${mode}-${randomUUID()}`;
        let version = 0;
        if (mode === 'stream_exists' || mode === 'exact') {
          version = 2;
          await store.appendToStream(stream, [event(stream, 1), event(stream, 2)]);
        }
        const events = [event(stream, version + 1), event(stream, version + 2)];
        const expectedVersion = mode === 'exact' ? version : mode;
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, racer) => appendAs(racer, stream, events, expectedVersion)),
        );
        const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
        expect(failures, `${mode}, round ${round}`).toEqual([]);
        const values = results.map((result) => (result as PromiseFulfilledResult<unknown>).value);
        expect(
          new Set(values.map((value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v)))).size,
        ).toBe(1);
        expect(values[0]).toMatchObject({ nextExpectedVersion: version + 2 });
        expect((await store.readStream(stream)).map((e) => e.id).slice(version)).toEqual(events.map((e) => e.id));
      }
    }
  }, 120_000);

  it('the same ids racing into 12 streams: one stream gets them, every other append a DuplicateEventError', async () => {
    for (let round = 0; round < 20; round++) {
      const streams = Array.from({ length: 12 }, (_, i) => `dup-${i}-${randomUUID()}`);
      const events = [event('shared', 1), event('shared', 2)];
      const results = await Promise.allSettled(
        streams.map((stream, racer) => appendAs(racer, stream, events, racer % 4 === 0 ? 'any' : 'no_stream')),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toBeInstanceOf(DuplicateEventError);
          expect(result.reason).toMatchObject({ reason: 'other_position' });
        }
      }
      const versions = await Promise.all(
        streams.map(async (stream) => (await store.getStreamMetadata(stream)).version),
      );
      expect(versions.sort()).toEqual([...Array.from({ length: 11 }, () => 0), 2]);
    }
  }, 120_000);

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
