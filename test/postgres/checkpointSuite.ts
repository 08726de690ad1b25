import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresCheckpointStore, type SqlClient } from '../../src/postgres/index.js';
import { freshSchema } from './fixtures.js';

/** Checkpoints, on any backend. */
export function checkpointSuite(client: () => SqlClient): void {
  describe('PostgresCheckpointStore', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const store = () => new PostgresCheckpointStore({ client: client(), schema });

    it('saves and loads positions beyond 64 bits, per subscriber', async () => {
      expect(await store().load('balances')).toBeUndefined();
      const big = (12_345n << 64n) | 678n;
      await store().save('balances', big);
      await store().save('audit', 5n);
      expect(await store().load('balances')).toBe(big);
      await store().save('balances', big + 1n);
      expect(await store().load('balances')).toBe(big + 1n);
      expect(await store().load('audit')).toBe(5n);
    });

    it('commits with the read model, or not at all', async () => {
      await client().query(`CREATE TABLE "${schema}".balances (id TEXT PRIMARY KEY, amount INT NOT NULL)`);
      await expect(
        client().transaction(async (tx) => {
          await tx.query(`INSERT INTO "${schema}".balances VALUES ('a', 10)`);
          await store().withClient(tx).save('projection', 42n);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await store().load('projection')).toBeUndefined();
      const { rows } = await client().query(`SELECT * FROM "${schema}".balances`);
      expect(rows).toEqual([]);
    });

    it.each<[string, () => Promise<unknown>, string, string]>([
      ['an empty name', () => store().load(''), 'name', 'invalid_name'],
      ['a negative position', () => store().save('x', -1n), 'position', 'invalid_position'],
      ['a number position', () => store().save('x', 3 as unknown as bigint), 'position', 'invalid_position'],
    ])('rejects %s with ValidationError', async (_, call, field, rule) => {
      await expect(call()).rejects.toMatchObject({ name: 'ValidationError', field, rule });
    });
  });
}
