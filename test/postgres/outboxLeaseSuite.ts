import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import type { DomainEvent, OutboxMessage } from '../../src/index.js';
import { migrate, PostgresOutbox, type SqlClient } from '../../src/postgres/index.js';
import { events } from './eventsTableSuite.js';
import { freshSchema } from './fixtures.js';

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

    it('publishes outside any transaction, so a subscriber may write to the same database', async () => {
      await reset();
      const batch = events('subscriber', 3);
      await outbox().add(batch);
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
      await outbox().add(batch);
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
      await outbox().add(batch);
      const delivered: string[] = [];
      let inFlight = 0;
      let most = 0;
      const publisher = {
        publish: async (event: DomainEvent) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await sleep(5);
          delivered.push(event.id);
          inFlight--;
        },
      };
      const relays = Array.from({ length: 3 }, () => new OutboxRelay({ outbox: outbox(), publisher, batchSize: 3 }));
      const counts = await Promise.all(relays.map((relay) => relay.drain()));
      // Whatever a relay found held back, one more round publishes.
      const rest = await relays[0]?.drain();
      expect(counts.reduce((a, b) => a + b, 0) + (rest ?? 0)).toBe(8);
      expect(most).toBe(1);
      expect(delivered).toEqual(ids(batch));
    });

    it('hands each batch to publishBatch and, when it fails, finds the failing message one at a time', async () => {
      await reset();
      const batch = events('batch', 5);
      await outbox().add(batch);
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
      await outbox().add(events('bad-options', 1));
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
