import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import type { DomainEvent, OutboxMessage } from '../../src/index.js';
import { migrate, PostgresOutbox, type SqlClient } from '../../src/postgres/index.js';
import { events } from './eventsTableSuite.js';
import { asEntries, freshSchema } from './fixtures.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (messages: readonly { readonly id: string }[]) => messages.map((message) => message.id);

/** A client that "crashes" (every statement fails) once `dead` is set: a relay process dying. */
function mortal(client: SqlClient): { client: SqlClient; kill(): void } {
  let dead = false;
  const check = () => {
    if (dead) throw new Error('process died');
  };
  return {
    kill: () => {
      dead = true;
    },
    client: {
      query: async (text, params, options) => {
        check();
        return client.query(text, params, options);
      },
      transaction: async (work) => {
        check();
        return client.transaction(work);
      },
    },
  };
}

/** A publisher taking `ms` per event, recording what it delivered and the most events in flight at once. */
function slowPublisher(ms: number) {
  const delivered: DomainEvent[] = [];
  let inFlight = 0;
  let most = 0;
  const publisher = {
    publish: async (event: DomainEvent) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep(ms);
      delivered.push(event);
      inFlight--;
    },
  };
  return { publisher, delivered, mostInFlight: () => most };
}

/** The PostgresOutbox's leases and batch publishing, on any backend. */
export function outboxLeaseSuite(client: () => SqlClient): void {
  describe('PostgresOutbox leases and batches', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(`CREATE TABLE "${schema}".handled (message_id TEXT PRIMARY KEY)`);
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const reset = () => client().query(`TRUNCATE "${schema}".ddd_outbox, "${schema}".handled`);
    const outbox = (leaseMs?: number, on: SqlClient = client()) =>
      new PostgresOutbox({ client: on, schema, ...(leaseMs === undefined ? {} : { leaseMs }) });
    const perAggregate = () => new PostgresOutbox({ client: client(), schema, ordering: 'per-aggregate' });
    /** Events of `aggregates` aggregates, `each` per aggregate, committed round robin, `perCommit` at a time. */
    const interleaved = async (prefix: string, aggregates: number, each: number, perCommit: number) => {
      const streams = Array.from({ length: aggregates }, (_, a) => events(`${prefix}-${a}`, each));
      const all = Array.from({ length: each }, (_, i) => streams.map((stream) => stream[i] as DomainEvent)).flat();
      for (let i = 0; i < all.length; i += perCommit)
        await outbox().add(client(), asEntries(all.slice(i, i + perCommit)));
      return all;
    };
    /** The aggregate versions each aggregate's events arrived in. */
    const versionsByAggregate = (delivered: readonly DomainEvent[]) => {
      const byAggregate = new Map<string, number[]>();
      for (const event of delivered) {
        byAggregate.set(event.aggregateId, [...(byAggregate.get(event.aggregateId) ?? []), event.aggregateVersion]);
      }
      return byAggregate;
    };

    it('publishes outside any transaction, so a subscriber may write to the same database', async () => {
      await reset();
      const batch = events('subscriber', 3);
      await outbox().add(client(), asEntries(batch));
      const publisher = {
        publish: async (event: DomainEvent) => {
          // A subscriber's own unit of work on the same database (on PGlite: the same connection).
          await client().transaction(async (tx) => {
            await tx.query(`INSERT INTO "${schema}".handled VALUES ($1)`, [event.id]);
          });
        },
      };
      expect(await new OutboxRelay({ outbox: outbox(), publisher }).drain()).toBe(3);
      const { rows } = await client().query<{ message_id: string }>(
        `SELECT message_id FROM "${schema}".handled ORDER BY message_id`,
      );
      expect(rows.map((row) => row.message_id)).toEqual(ids(batch).sort());
    });

    it('publishes again, in order, the batch of a relay that died after publishing and before marking', async () => {
      await reset();
      const batch = events('crash', 6);
      await outbox().add(client(), asEntries(batch));
      const crashed = mortal(client());
      const sent: string[] = [];
      const dying = outbox(300, crashed.client).publishPending(
        async (message) => {
          sent.push(message.id);
          if (sent.length === 4) crashed.kill(); // dies before it can mark anything
        },
        { limit: 4 },
      );
      await expect(dying).rejects.toThrow('process died');
      expect(sent).toEqual(ids(batch).slice(0, 4));
      // While the lease holds, the leased batch holds back everything after it.
      const other: string[] = [];
      const publish = async (message: OutboxMessage) => {
        other.push(message.id);
      };
      expect(await outbox(300).publishPending(publish)).toEqual({ published: 0 });
      await sleep(400);
      expect(await outbox(300).publishPending(publish)).toEqual({ published: 6 });
      expect(other).toEqual(ids(batch));
      expect((await outbox().messages()).every((message) => message.publishedAt !== undefined)).toBe(true);
    });

    it('never lets two relays publish the same message while its lease holds: they take turns in order', async () => {
      await reset();
      const batch = events('turns', 8);
      await outbox().add(client(), asEntries(batch));
      const { publisher, delivered, mostInFlight } = slowPublisher(5);
      const relays = Array.from({ length: 3 }, () => new OutboxRelay({ outbox: outbox(), publisher, batchSize: 3 }));
      const counts = await Promise.all(relays.map((relay) => relay.drain()));
      // Whatever a relay found held back, one more round publishes.
      const rest = await relays[0]?.drain();
      expect(counts.reduce((a, b) => a + b, 0) + (rest ?? 0)).toBe(8);
      expect(mostInFlight()).toBe(1);
      expect(ids(delivered)).toEqual(ids(batch));
    });

    it('per aggregate: relays publish different aggregates in parallel, each aggregate in order, each message once', async () => {
      await reset();
      const all = await interleaved('parallel', 6, 10, 6);
      const { publisher, delivered, mostInFlight } = slowPublisher(3);
      const relays = Array.from(
        { length: 3 },
        () => new OutboxRelay({ outbox: perAggregate(), publisher, batchSize: 4 }),
      );
      // A relay finding only aggregates that another relay holds stops early: go round until done.
      let published = 0;
      for (let round = 0; round < 100 && published < all.length; round++) {
        published += (await Promise.all(relays.map((relay) => relay.drain()))).reduce((a, b) => a + b, 0);
      }
      expect(published).toBe(all.length);
      expect(ids(delivered).sort()).toEqual(ids(all).sort());
      expect(mostInFlight()).toBeGreaterThan(1);
      for (const versions of versionsByAggregate(delivered).values()) {
        expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      }
      expect((await outbox().messages()).every((message) => message.publishedAt !== undefined)).toBe(true);
    });

    it('per aggregate: a message waiting for its retry holds back its own aggregate only', async () => {
      await reset();
      const all = await interleaved('retry', 3, 3, 9);
      const failing = all.find((event) => event.aggregateId === 'retry-1' && event.aggregateVersion === 2);
      const sent: DomainEvent[] = [];
      const publish = async (message: OutboxMessage) => {
        if (message.id === failing?.id && message.attempts === 0) throw new Error('broker said no');
        if (message.kind === 'event') sent.push(message.event);
      };
      const first = await perAggregate().publishPending(publish, { retryDelayMs: () => 60_000 });
      expect(first.failure?.message).toMatchObject({ id: failing?.id, attempts: 1, lastError: 'broker said no' });
      // The batch stops at the failure; the next claims skip retry-1's held-back messages only.
      let more = 0;
      for (let round = 0; round < 10; round++) {
        const result = await perAggregate().publishPending(publish);
        expect(result.failure).toBeUndefined();
        if (result.published === 0) break;
        more += result.published;
      }
      expect(first.published + more).toBe(7);
      expect(versionsByAggregate(sent)).toEqual(
        new Map([
          ['retry-0', [1, 2, 3]],
          ['retry-1', [1]],
          ['retry-2', [1, 2, 3]],
        ]),
      );
      // Once its retry is due, the aggregate goes on, in order.
      await client().query(`UPDATE "${schema}".ddd_outbox SET available_at = now() - interval '1 second'`);
      expect(await perAggregate().publishPending(publish)).toEqual({ published: 2 });
      expect(versionsByAggregate(sent).get('retry-1')).toEqual([1, 2, 3]);
    });

    it('per aggregate: an aggregate held back with a long queue does not fill the batch', async () => {
      await reset();
      const stuck = events('queue-0', 10);
      const other = events('queue-1', 3);
      await outbox().add(client(), asEntries(stuck));
      await outbox().add(client(), asEntries(other));
      const sent: string[] = [];
      const failed = await perAggregate().publishPending(
        async (message) => {
          if (message.id === stuck[0]?.id) throw new Error('broker said no');
          sent.push(message.id);
        },
        { limit: 4, retryDelayMs: () => 60_000 },
      );
      expect(failed).toMatchObject({ published: 0, failure: { message: { id: stuck[0]?.id } } });
      // The next claim of 4 passes over queue-0's nine waiting messages to reach queue-1.
      expect(
        await perAggregate().publishPending(
          async (message) => {
            sent.push(message.id);
          },
          { limit: 4 },
        ),
      ).toEqual({ published: 3 });
      expect(sent).toEqual(ids(other));
    });

    it('per aggregate: a leased batch holds back its aggregates until the lease expires, then goes again', async () => {
      await reset();
      const all = await interleaved('lease', 2, 3, 6);
      const leased = new PostgresOutbox({ client: client(), schema, ordering: 'per-aggregate', leaseMs: 300 });
      const crashed = mortal(client());
      const dying = new PostgresOutbox({ client: crashed.client, schema, ordering: 'per-aggregate', leaseMs: 300 });
      // lease-0 v1 and lease-1 v1 are leased by a relay that dies before marking them.
      await expect(
        dying.publishPending(
          async () => {
            crashed.kill();
          },
          { limit: 2 },
        ),
      ).rejects.toThrow('process died');
      const sent: DomainEvent[] = [];
      const publish = async (message: OutboxMessage) => {
        if (message.kind === 'event') sent.push(message.event);
      };
      expect(await leased.publishPending(publish)).toEqual({ published: 0 });
      await sleep(400);
      expect(await leased.publishPending(publish)).toEqual({ published: all.length });
      expect(versionsByAggregate(sent)).toEqual(
        new Map([
          ['lease-0', [1, 2, 3]],
          ['lease-1', [1, 2, 3]],
        ]),
      );
    });

    it('hands each batch to publishBatch and, when it fails, finds the failing message one at a time', async () => {
      await reset();
      const batch = events('batch', 5);
      await outbox().add(client(), asEntries(batch));
      const batches: string[][] = [];
      const single: string[] = [];
      const first = await outbox().publishPending(async () => expect.unreachable('batch expected'), {
        limit: 2,
        publishBatch: async (messages) => {
          batches.push(ids(messages));
        },
      });
      expect(first).toEqual({ published: 2 });
      expect(batches).toEqual([ids(batch).slice(0, 2)]);
      const failing = await outbox().publishPending(
        async (message) => {
          single.push(message.id);
          if (message.id === batch[3]?.id) throw new Error('message too large');
        },
        {
          retryDelayMs: () => 60_000,
          publishBatch: async () => {
            throw new Error('batch refused');
          },
        },
      );
      expect(failing.published).toBe(1);
      expect(failing.failure?.message).toMatchObject({ id: batch[3]?.id, attempts: 1, lastError: 'message too large' });
      expect(single).toEqual(ids(batch).slice(2, 4));
      const rows = await outbox().messages();
      expect(rows.map((row) => [row.publishedAt !== undefined, row.attempts])).toEqual([
        [true, 0],
        [true, 0],
        [true, 0],
        [false, 1],
        [false, 0],
      ]);
      // The failed message holds back the last one (released, not leased: due once the retry is).
      expect(await outbox().publishPending(async () => undefined)).toEqual({ published: 0 });
      await client().query(`UPDATE "${schema}".ddd_outbox SET available_at = now() - interval '1 second'`);
      expect(await outbox().publishPending(async () => undefined)).toEqual({ published: 2 });
    });

    it('rejects bad options with ValidationError, leaving the outbox untouched', async () => {
      await reset();
      for (const leaseMs of [0, -5, 1.5, Number.NaN]) {
        expect(() => outbox(leaseMs)).toThrow(expect.objectContaining({ name: 'ValidationError', field: 'leaseMs' }));
      }
      for (const ordering of ['per-stream', '', undefined as unknown as string]) {
        const make = () => new PostgresOutbox({ client: client(), schema, ordering: ordering as 'global' });
        if (ordering === undefined) expect(make).not.toThrow();
        else
          expect(make).toThrow(
            expect.objectContaining({ name: 'ValidationError', field: 'ordering', rule: 'invalid_value' }),
          );
      }
      await outbox().add(client(), asEntries(events('bad-options', 1)));
      for (const limit of [0, 2.5]) {
        await expect(outbox().publishPending(async () => undefined, { limit })).rejects.toMatchObject({
          name: 'ValidationError',
          field: 'limit',
          rule: 'too_small',
        });
      }
      expect(await outbox().publishPending(async () => undefined)).toEqual({ published: 1 });
    });
  });
}
