import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/index.js';
import { EventsTable } from '../../src/postgres/EventsTable.js';
import { migrate, type SqlClient } from '../../src/postgres/index.js';
import { isAutocommit } from '../../src/postgres/transactionClient.js';
import { freshSchema } from './fixtures.js';

export const event = (stream: string, version: number, payload: unknown = { n: version }): DomainEvent => ({
  id: randomUUID(),
  type: 'Noted',
  schemaVersion: 1,
  aggregateId: stream,
  aggregateVersion: version,
  occurredAt: '2026-11-25T09:00:00Z',
  payload,
  metadata: { correlationId: 'c-1' },
});
export const events = (stream: string, count: number, first = 1) =>
  Array.from({ length: count }, (_, i) => event(stream, first + i));

// On a shared server, a transaction of another test file that began before these appends holds
// them back from readAll (it might still write events before them): wait for it, as a
// subscriber would, instead of reading a partial page.
const WAIT = 30_000;

/** The event table's SQL, on any backend. */
export function eventsTableSuite(client: () => SqlClient): void {
  describe('EventsTable (the event store SQL)', () => {
    const schema = freshSchema();
    const table = new EventsTable(schema);
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const stream = () => `s-${randomUUID()}`;

    it('appends a batch in one statement with gapless versions, and reads it back exactly', async () => {
      const s = stream();
      const batch = [...events(s, 2), event(s, 3, { text: "it's; DROP TABLE x; --", nested: { list: [1, 'two'] } })];
      const outcome = await client().transaction(async (tx) => table.append(tx, s, batch, 'no_stream'));
      expect(outcome).toMatchObject({ kind: 'appended', version: 3 });
      const read = await table.readStream(client(), s, {});
      expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(read.map(({ streamId, version, globalPosition, ...envelope }) => envelope)).toEqual(batch);
      expect(outcome.kind === 'appended' && outcome.lastPosition).toBe(read[2]?.globalPosition);
      expect(read[1]?.globalPosition).toBeGreaterThan(read[0]?.globalPosition as bigint);
      expect(await table.streamState(client(), s)).toEqual({ version: 3, lastPosition: read[2]?.globalPosition });
      expect(await table.streamState(client(), stream())).toEqual({ version: 0, lastPosition: 0n });
    });

    it('writes nothing when the expected version does not match, in every mode', async () => {
      const s = stream();
      expect((await table.append(client(), s, events(s, 1), 'stream_exists')).kind).toBe('rejected');
      expect((await table.append(client(), s, events(s, 1), 4)).kind).toBe('rejected');
      await table.append(client(), s, events(s, 2), 'any');
      expect((await table.append(client(), s, events(s, 1, 3), 'no_stream')).kind).toBe('rejected');
      expect((await table.append(client(), s, events(s, 1, 3), 0)).kind).toBe('rejected');
      expect((await table.append(client(), s, events(s, 1, 3), 1)).kind).toBe('rejected');
      expect(await table.append(client(), s, events(s, 1, 3), 2)).toMatchObject({ kind: 'appended', version: 3 });
      expect(await table.append(client(), s, events(s, 1, 4), 'stream_exists')).toMatchObject({ version: 4 });
      expect(await table.append(client(), s, events(s, 2, 5), 'any')).toMatchObject({ version: 6 });
      expect((await table.readStream(client(), s, {})).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('writes nothing, and raises nothing, when an id of the batch is already stored', async () => {
      const s = stream();
      const batch = events(s, 2);
      await table.append(client(), s, batch, 'no_stream');
      await client().transaction(async (tx) => {
        expect((await table.append(tx, s, batch, 'any')).kind).toBe('rejected');
        expect((await table.append(tx, s, [event(s, 3), batch[1] as DomainEvent], 2)).kind).toBe('rejected');
        // The transaction is still usable: a rejection is not an SQL error.
        expect(await table.append(tx, s, events(s, 1, 3), 2)).toMatchObject({ kind: 'appended', version: 3 });
      });
      const stored = await table.findByIds(
        client(),
        batch.map((e) => e.id),
      );
      expect(stored.map((e) => e.version)).toEqual([1, 2]);
    });

    it('refuses a U+0000 character, which JSONB cannot store, before writing; a written-out "\\u0000" is fine', async () => {
      const s = stream();
      await client().transaction(async (tx) => {
        const failure = await table
          .append(tx, s, [event(s, 1, { text: 'a\u0000b' })], 'no_stream')
          .catch((error: unknown) => error);
        expect(failure).toMatchObject({
          name: 'ValidationError',
          rule: 'unsupported_character',
          field: 'events.0.payload',
        });
        const inBatch = await table
          .append(tx, s, [event(s, 1), event(s, 2, { text: 'a\u0000b' })], 'no_stream')
          .catch((error: unknown) => error);
        expect(inBatch).toMatchObject({ name: 'ValidationError', rule: 'unsupported_character', field: 'events' });
        // Nothing reached the database, so the transaction goes on.
        expect(await table.append(tx, s, [event(s, 1, { text: 'a\\u0000b' })], 'no_stream')).toMatchObject({
          kind: 'appended',
        });
      });
      expect((await table.readStream(client(), s, {}))[0]?.payload).toEqual({ text: 'a\\u0000b' });
    });

    it('reads a stream from a version, backwards, and at most maxCount', async () => {
      const s = stream();
      await table.append(client(), s, events(s, 5), 'no_stream');
      const versions = async (options: Parameters<EventsTable['readStream']>[2]) =>
        (await table.readStream(client(), s, options)).map((e) => e.version);
      expect(await versions({ fromVersion: 3 })).toEqual([3, 4, 5]);
      expect(await versions({ fromVersion: 2, maxCount: 2 })).toEqual([2, 3]);
      expect(await versions({ backwards: true, fromVersion: 3, maxCount: 2 })).toEqual([3, 2]);
      expect(await versions({ backwards: true })).toEqual([5, 4, 3, 2, 1]);
    });

    it('orders positions as numbers across digit boundaries (9 → 10, 99 → 100)', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const s = stream();
        const batch = events(s, 13);
        await table.append(client(), s, batch, 'no_stream');
        ids.push(...batch.map((e) => e.id));
      }
      const all = await table.readAll(client(), 0n, undefined, WAIT);
      expect(all.length).toBeGreaterThan(150);
      for (let i = 1; i < all.length; i++) {
        expect(all[i]?.globalPosition).toBeGreaterThan(all[i - 1]?.globalPosition as bigint);
      }
      const paged: string[] = [];
      let checkpoint = 0n;
      for (;;) {
        const page = await table.readAll(client(), checkpoint, 7, WAIT);
        if (page.length === 0) break;
        paged.push(...page.map((e) => e.id));
        checkpoint = page.at(-1)?.globalPosition as bigint;
      }
      expect(paged).toEqual(all.map((e) => e.id));
      expect((await table.findByIds(client(), ids)).map((e) => e.id)).toEqual(ids);
    }, 70_000);

    it('pages through every stream in global order with the last position as checkpoint', async () => {
      const start = await table.readAll(client(), 0n, undefined, WAIT);
      const checkpoint0 = start.at(-1)?.globalPosition ?? 0n;
      const streams = Array.from({ length: 4 }, stream);
      const appended: string[] = [];
      for (let round = 0; round < 3; round++) {
        for (const s of streams) {
          const batch = events(s, 2, round * 2 + 1);
          await table.append(client(), s, batch, round * 2);
          appended.push(...batch.map((e) => e.id));
        }
      }
      const seen: string[] = [];
      let checkpoint = checkpoint0;
      for (;;) {
        const page = await table.readAll(client(), checkpoint, 5, WAIT);
        if (page.length === 0) break;
        for (let i = 1; i < page.length; i++) {
          expect(page[i]?.globalPosition).toBeGreaterThan(page[i - 1]?.globalPosition as bigint);
        }
        expect(page[0]?.globalPosition).toBeGreaterThan(checkpoint);
        seen.push(...page.map((e) => e.id));
        checkpoint = page.at(-1)?.globalPosition as bigint;
      }
      expect(seen).toEqual(appended);
    }, 70_000);

    it('refuses a stored id outside a transaction (the unique index) and inside one (probed, the transaction goes on)', async () => {
      expect(isAutocommit(client())).toBe(true);
      const s = stream();
      const [first, second] = events(s, 2);
      await table.append(client(), s, [first as DomainEvent], 'no_stream');
      const again = [first as DomainEvent];
      const pair = [second as DomainEvent, first as DomainEvent];
      expect(await table.append(client(), s, again, 1)).toEqual({ kind: 'rejected' });
      expect(await table.append(client(), s, pair, 1)).toEqual({ kind: 'rejected' });
      const inside = await client().transaction(async (tx) => {
        expect(isAutocommit(tx)).toBe(false);
        const outcomes = [await table.append(tx, s, again, 1), await table.append(tx, s, pair, 1)];
        // Still usable: the refused appends did not abort it.
        await table.append(tx, s, [second as DomainEvent], 1);
        return outcomes;
      });
      expect(inside).toEqual([{ kind: 'rejected' }, { kind: 'rejected' }]);
      const stored = await table.readStream(client(), s, { fromVersion: 1, maxCount: 10, backwards: false });
      expect(stored.map((e) => [e.id, e.version])).toEqual([
        [first?.id, 1],
        [second?.id, 2],
      ]);
    });

    it('looks event ids up in the unique index, never by scanning the table (append and findByIds)', async () => {
      // Enough rows that a scan would be a real cost; the plans are read with EXPLAIN, not timed.
      for (let i = 0; i < 20; i++) await table.append(client(), stream(), events('bulk', 100), 'no_stream');
      type Modes = Record<string, string>;
      const sql = table as unknown as {
        appendSql: Record<'batch' | 'single', Record<'probe' | 'index', Modes>>;
        findByIdsSql: string;
      };
      const ids = events('x', 100).map((e) => e.id);
      // The relations each plan reads, and how ("Seq Scan", "Index Only Scan", …).
      const scans = async (text: string, params: unknown[]) => {
        const { rows } = await client().query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
        const found: string[] = [];
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(walk);
          else if (typeof node === 'object' && node !== null) {
            const {
              'Node Type': type,
              'Relation Name': relation,
              'Index Name': index,
            } = node as Record<string, unknown>;
            if (relation === 'ddd_events' && typeof type === 'string' && type.endsWith('Scan')) {
              found.push(`${type}${typeof index === 'string' ? ` ${index}` : ''}`);
            }
            Object.values(node).forEach(walk);
          }
        };
        const raw = rows[0]?.['QUERY PLAN'];
        walk(typeof raw === 'string' ? JSON.parse(raw) : raw);
        return found;
      };
      expect(await scans(sql.appendSql.batch.probe.no_stream as string, [stream(), '[]', 100, ids])).toEqual([
        expect.stringMatching(/Index (Only )?Scan ddd_events_event_id_uq/),
      ]);
      const one = [stream(), ids[0], 'T', 1, 'a', 1, '2026-11-25T09:00:00Z', '{}', '{}'];
      expect(await scans(sql.appendSql.single.probe.no_stream as string, one)).toEqual([
        expect.stringMatching(/Index (Only )?Scan ddd_events_event_id_uq/),
      ]);
      // Outside a transaction the unique index alone refuses a stored id: the plan reads no event.
      expect(await scans(sql.appendSql.single.index.exact as string, [...one, 3])).toEqual([]);
      expect(await scans(sql.appendSql.batch.index.exact as string, [stream(), '[]', 100, 3])).toEqual([]);
      expect(await scans(sql.findByIdsSql, [ids])).toEqual([
        expect.stringMatching(/Index Scan ddd_events_event_id_uq/),
      ]);
    });
  });
}
