import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { migrate, PostgresSnapshotStore, type SqlClient } from '../../src/postgres/index.js';
import { snapshotStoreConformance } from '../../src/testing/vitest/index.js';
import { freshSchema } from './fixtures.js';

/** PostgresSnapshotStore on any backend: the conformance suite, then what only SQL adds. */
export function snapshotStoreSuite(backend: string, client: () => SqlClient): void {
  describe('PostgresSnapshotStore', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const store = () => new PostgresSnapshotStore({ client: client(), schema });
    const row = async (streamId: string) =>
      (
        await client().query<{ version: string | number; schema_version: number; data: unknown }>(
          `SELECT version, schema_version, data FROM "${schema}".ddd_snapshots WHERE stream_id = $1`,
          [streamId],
        )
      ).rows[0];

    snapshotStoreConformance(store, { name: `PostgresSnapshotStore on ${backend}` });

    it('keeps one row per stream in ddd_snapshots, the state as JSONB', async () => {
      await store().save({ streamId: 'row-1', version: 4, schemaVersion: 2, state: { balance: '10.00' } });
      const stored = await row('row-1');
      expect({ ...stored, version: Number(stored?.version) }).toEqual({
        version: 4,
        schema_version: 2,
        data: { balance: '10.00' },
      });
    });

    it('refuses a state holding U+0000 in a string, keeping the stored snapshot', async () => {
      await store().save({ streamId: 'nul', version: 1, schemaVersion: 1, state: { owner: 'ada' } });
      const error = await store()
        .save({ streamId: 'nul', version: 2, schemaVersion: 1, state: { owner: 'a\u0000da' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'state', rule: 'unsupported_character' });
      expect(await store().load('nul')).toMatchObject({ version: 1, state: { owner: 'ada' } });
      // A backslash followed by "u0000" is ordinary text.
      await store().save({ streamId: 'nul', version: 3, schemaVersion: 1, state: { owner: '\\u0000' } });
      expect((await store().load('nul'))?.state).toEqual({ owner: '\\u0000' });
    });

    it('stores stream ids that look like SQL literally', async () => {
      const streamId = `x'); DELETE FROM "${schema}".ddd_snapshots; --`;
      await store().save({ streamId, version: 1, schemaVersion: 1, state: "'; DROP TABLE ddd_events; --" });
      expect(await store().load(streamId)).toMatchObject({ streamId, state: "'; DROP TABLE ddd_events; --" });
      expect(await store().load('row-1')).toMatchObject({ version: 4 });
    });

    it('saves with the transaction it is bound to, or not at all', async () => {
      await expect(
        client().transaction(async (tx) => {
          await store().withClient(tx).save({ streamId: 'tx-1', version: 1, schemaVersion: 1, state: {} });
          expect(await store().withClient(tx).load('tx-1')).toMatchObject({ version: 1 });
          throw new Error('append failed');
        }),
      ).rejects.toThrow('append failed');
      expect(await store().load('tx-1')).toBeUndefined();

      await client().transaction(async (tx) => {
        await store()
          .withClient(tx)
          .save({ streamId: 'tx-2', version: 2, schemaVersion: 1, state: { n: 2 } });
      });
      expect(await store().load('tx-2')).toMatchObject({ version: 2, state: { n: 2 } });
    });

    it('refuses a schema that is not an identifier', async () => {
      expect(() => new PostgresSnapshotStore({ client: client(), schema: 'a"; DROP SCHEMA x; --' })).toThrow(
        expect.objectContaining({ field: 'schema', rule: 'invalid_identifier' }),
      );
    });
  });
}
