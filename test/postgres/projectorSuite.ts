import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/index.js';
import {
  migrate,
  PostgresCheckpointStore,
  PostgresEventStore,
  PostgresProjector,
  type SqlClient,
} from '../../src/postgres/index.js';
import { freshSchema } from './fixtures.js';

const deposited = (account: string, version: number, amount: number): DomainEvent => ({
  id: randomUUID(),
  type: 'Deposited',
  schemaVersion: 1,
  aggregateId: account,
  aggregateVersion: version,
  occurredAt: new Date().toISOString(),
  payload: { amount },
  metadata: {},
});

/** A read model kept with its checkpoint in one transaction, on any backend. */
export function projectorSuite(client: () => SqlClient): void {
  describe('PostgresProjector', () => {
    const schema = freshSchema();
    let store: PostgresEventStore;
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(`CREATE TABLE "${schema}".balances (id TEXT PRIMARY KEY, amount INT NOT NULL)`);
      store = new PostgresEventStore({ client: client(), schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const balances = async () => {
      const { rows } = await client().query<{ id: string; amount: number }>(
        `SELECT id, amount FROM "${schema}".balances ORDER BY id`,
      );
      return Object.fromEntries(rows.map((row) => [row.id, Number(row.amount)]));
    };
    const projector = (name: string, fail?: (event: DomainEvent) => boolean, batchSize = 3) =>
      new PostgresProjector({
        client: client(),
        store,
        name,
        batchSize,
        handle: async (event, tx) => {
          if (fail?.(event)) throw new Error(`cannot apply ${event.aggregateVersion}`);
          await tx.query(
            `INSERT INTO "${schema}".balances (id, amount) VALUES ($1, $2)
             ON CONFLICT (id) DO UPDATE SET amount = "${schema}".balances.amount + EXCLUDED.amount`,
            [event.aggregateId, (event.payload as { amount: number }).amount],
          );
        },
      });

    it('applies each event once, a batch and its checkpoint per transaction', async () => {
      await store.appendToStream('a', [deposited('a', 1, 10), deposited('a', 2, 5)]);
      await store.appendToStream('b', [deposited('b', 1, 7)]);
      await store.appendToStream('a', [deposited('a', 3, 1), deposited('a', 4, 1)], { expectedVersion: 2 });
      expect(await projector('balances').catchUp()).toBe(5);
      expect(await balances()).toEqual({ a: 17, b: 7 });
      expect(await projector('balances').catchUp()).toBe(0);
      const all = await store.readAll();
      expect(await new PostgresCheckpointStore({ client: client(), schema }).load('balances')).toBe(
        all[all.length - 1]?.globalPosition,
      );
    });

    it('rolls back a failing batch with its checkpoint, and applies it once when retried', async () => {
      await store.appendToStream('c', [deposited('c', 1, 1), deposited('c', 2, 2), deposited('c', 3, 4)]);
      const failing = projector('balances', (event) => event.aggregateId === 'c' && event.aggregateVersion === 3);
      await expect(failing.catchUp()).rejects.toThrow('cannot apply 3');
      expect((await balances()).c).toBeUndefined();
      expect(await projector('balances').catchUp()).toBe(3);
      expect((await balances()).c).toBe(7);
    });

    it('lets concurrent instances of one projection take turns, applying each event once', async () => {
      await client().query(`TRUNCATE "${schema}".balances`);
      const events = Array.from({ length: 12 }, (_, i) => deposited('d', i + 1, 1));
      await store.appendToStream('d', events);
      const [first, second] = await Promise.all([projector('fresh').catchUp(), projector('fresh').catchUp()]);
      expect((first as number) + (second as number)).toBe((await store.readAll()).length);
      expect((await balances()).d).toBe(12);
    });

    it('rejects an empty name or a bad batch size', () => {
      expect(() => new PostgresProjector({ client: client(), store, name: '', handle: async () => undefined })).toThrow(
        expect.objectContaining({ field: 'name' }),
      );
      expect(
        () =>
          new PostgresProjector({ client: client(), store, name: 'x', batchSize: 0, handle: async () => undefined }),
      ).toThrow(expect.objectContaining({ field: 'batchSize' }));
    });
  });
}
