import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresInbox, type SqlClient } from '../../src/postgres/index.js';
import { OutboxTable } from '../../src/postgres/OutboxTable.js';
import { inboxSuite } from '../core/inboxSuite.js';
import { events } from './eventsTableSuite.js';
import { asEntries, freshSchema } from './fixtures.js';

/** The outbox and inbox SQL, on any backend. */
export function outboxTableSuite(client: () => SqlClient): void {
  describe('OutboxTable (the outbox and inbox SQL)', () => {
    const schema = freshSchema();
    const outbox = new OutboxTable(schema);
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const reset = () => client().query(`TRUNCATE "${schema}".ddd_outbox, "${schema}".ddd_inbox`);

    it('adds events in the caller transaction, in order, once per id, and drops them on rollback', async () => {
      await reset();
      const batch = events('order-1', 3);
      await client().transaction(async (tx) => {
        expect(await outbox.add(tx, asEntries(batch))).toBe(3);
        expect(await outbox.add(tx, asEntries([batch[0] as (typeof batch)[0]]))).toBe(0);
      });
      await expect(
        client().transaction(async (tx) => {
          await outbox.add(tx, asEntries(events('order-2', 2)));
          throw new Error('unit of work failed');
        }),
      ).rejects.toThrow('unit of work failed');
      const rows = await outbox.list(client());
      expect(rows.map((row) => row.id)).toEqual(batch.map((event) => event.id));
      expect(rows.map((row) => (row.kind === 'event' ? row.event : row.command))).toEqual(batch);
      expect(rows.every((row) => row.attempts === 0 && row.publishedAt === undefined)).toBe(true);
    });

    it('claims due rows oldest first; a failed row waits with its attempt count and holds back later ones', async () => {
      await reset();
      await outbox.add(client(), asEntries(events('order-3', 3)));
      await client().transaction(async (tx) => {
        const claimed = await outbox.claim(tx, 10, { ms: 60_000, token: 'relay-1' });
        expect(claimed).toHaveLength(3);
        await outbox.markPublished(tx, [claimed[0]?.seq as bigint]);
        const failed = await outbox.markFailed(tx, claimed[1]?.seq as bigint, 60_000, 'broker down', {
          token: 'relay-1',
          seqs: [claimed[2]?.seq as bigint],
        });
        expect(failed).toMatchObject({ attempts: 1, lastError: 'broker down' });
        expect(Date.parse(failed?.availableAt as string) - Date.now()).toBeGreaterThan(50_000);
      });
      expect(await client().transaction((tx) => outbox.claim(tx, 10))).toEqual([]);
      const rows = await outbox.list(client());
      expect(rows.map((row) => [row.attempts, row.publishedAt !== undefined])).toEqual([
        [0, true],
        [1, false],
        [0, false],
      ]);
      // Once due again, the failed row comes first.
      await client().query(`UPDATE "${schema}".ddd_outbox SET available_at = now() - interval '1 second'`);
      const again = await client().transaction((tx) => outbox.claim(tx, 10));
      expect(again.map((row) => row.id)).toEqual([rows[1]?.id, rows[2]?.id]);
    });

    it('re-sends exactly the batch of a relay that crashed between publish and commit', async () => {
      await reset();
      await outbox.add(client(), asEntries(events('order-4', 6)));
      const sent: string[] = [];
      await expect(
        client().transaction(async (tx) => {
          const batch = await outbox.claim(tx, 4);
          sent.push(...batch.map((row) => row.id));
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash');
      await client().transaction(async (tx) => {
        const batch = await outbox.claim(tx, 10);
        sent.push(...batch.map((row) => row.id));
        await outbox.markPublished(
          tx,
          batch.map((row) => row.seq),
        );
      });
      const ids = (await outbox.list(client())).map((row) => row.id);
      expect(sent).toEqual([...ids.slice(0, 4), ...ids]);
      expect(await client().transaction((tx) => outbox.claim(tx, 10))).toEqual([]);
    });

    it('lets a consumer drop a duplicate delivery through its inbox', async () => {
      await reset();
      expect(await outbox.receive(client(), 'billing', 'm-1')).toBe(true);
      expect(await outbox.receive(client(), 'billing', 'm-1')).toBe(false);
      expect(await outbox.receive(client(), 'shipping', 'm-1')).toBe(true);
      await expect(
        client().transaction(async (tx) => {
          expect(await outbox.receive(tx, 'billing', 'm-2')).toBe(true);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await outbox.receive(client(), 'billing', 'm-2')).toBe(true);
    });
    it('PostgresInbox runs a handler once per consumer and message, with its writes', async () => {
      await reset();
      const inbox = new PostgresInbox({ client: client(), schema });
      await client().query(`CREATE TABLE IF NOT EXISTS "${schema}".invoices (order_id TEXT NOT NULL)`);
      const invoice = (orderId: string) => async (tx: SqlClient) => {
        await tx.query(`INSERT INTO "${schema}".invoices VALUES ($1)`, [orderId]);
      };
      expect(await inbox.handleOnce('billing', 'e-1', invoice('o-1'))).toBe(true);
      expect(await inbox.handleOnce('billing', 'e-1', invoice('o-1'))).toBe(false);
      const twice = await Promise.all([
        inbox.handleOnce('billing', 'e-2', invoice('o-2')),
        inbox.handleOnce('billing', 'e-2', invoice('o-2')),
      ]);
      expect(twice.sort()).toEqual([false, true]);
      await expect(
        inbox.handleOnce('billing', 'e-3', async (tx) => {
          await invoice('o-3')(tx);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await inbox.handleOnce('billing', 'e-3', invoice('o-3'))).toBe(true);
      const { rows } = await client().query<{ order_id: string }>(
        `SELECT order_id FROM "${schema}".invoices ORDER BY order_id`,
      );
      expect(rows.map((row) => row.order_id)).toEqual(['o-1', 'o-2', 'o-3']);
      await expect(inbox.handleOnce('', 'e-4', invoice('x'))).rejects.toMatchObject({ field: 'consumer' });
      await expect(inbox.handleOnce('billing', '', invoice('x'))).rejects.toMatchObject({ field: 'messageId' });
    });

    it('PostgresInbox.handleBatch fails only the message whose handler left its savepoint aborted', async () => {
      await reset();
      const inbox = new PostgresInbox({ client: client(), schema });
      const outcomes = await inbox.handleBatch('billing', [
        { messageId: 'ok-1', handler: async () => {} },
        {
          messageId: 'swallowed',
          handler: async (tx) => {
            // A failed statement whose error the handler swallows: its savepoint cannot be released.
            await tx.query('SELECT 1/0').catch(() => undefined);
          },
        },
        { messageId: 'ok-2', handler: async () => {} },
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['handled', 'failed', 'handled']);
      const { rows } = await client().query<{ message_id: string }>(
        `SELECT message_id FROM "${schema}".ddd_inbox WHERE consumer = 'billing' ORDER BY message_id`,
      );
      expect(rows.map((row) => row.message_id)).toEqual(['ok-1', 'ok-2']);
    });
  });

  describe('PostgresInbox', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(`CREATE TABLE "${schema}".writes (n BIGSERIAL PRIMARY KEY, value TEXT NOT NULL)`);
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    // Each fixture starts from an empty table (a test makes its fixtures before writing).
    inboxSuite<SqlClient>('PostgresInbox', async () => {
      await client().query(`TRUNCATE "${schema}".writes`);
      return {
        inbox: new PostgresInbox({ client: client(), schema }),
        write: async (tx, value) => {
          await tx.query(`INSERT INTO "${schema}".writes (value) VALUES ($1)`, [value]);
        },
        written: async () => {
          const { rows } = await client().query<{ value: string }>(`SELECT value FROM "${schema}".writes ORDER BY n`);
          return rows.map((row) => row.value);
        },
      };
    });
  });
}
