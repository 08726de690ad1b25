import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/index.js';
import { type ClosableSqlClient, connectPg, migrate, PostgresRepository } from '../../src/postgres/index.js';
import { Account, accountMapping, databaseUrl, freshSchema, pgServer, serverAvailable } from './fixtures.js';
import { migrateSuite, repositorySuite, sqlClientSuite } from './suites.js';

const available = await serverAvailable();

describe.runIf(available)('on a PostgreSQL server', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgServer.open();
  });
  afterAll(async () => {
    await client.close();
  });

  sqlClientSuite(() => client);
  migrateSuite(() => client);
  repositorySuite(() => client);

  describe('server-only guarantees', () => {
    const schema = freshSchema();
    afterAll(async () => {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it('migrates exactly once when eight instances start at the same moment', async () => {
      const instances = await Promise.all(
        Array.from({ length: 8 }, () => connectPg({ connectionString: databaseUrl, max: 1 })),
      );
      try {
        const results = await Promise.all(instances.map((instance) => migrate(instance, { schema })));
        expect(results.flatMap((result) => result.applied)).toEqual([1]);
        expect(results.every((result) => result.version === 1)).toBe(true);
        const { rows } = await client.query(`SELECT version FROM "${schema}".ddd_schema_migrations`);
        expect(rows).toHaveLength(1);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    });

    it('leaves no partial write when the connection is killed mid-transaction, and the pool recovers', async () => {
      await migrate(client, { schema });
      const repo = new PostgresRepository({ client, name: 'Account', schema, mapping: accountMapping });
      const a = Account.open('killed-a', 'a');
      const b = Account.open('killed-b', 'b');
      await repo.save(a);
      await repo.save(b);
      const aLoaded = await repo.getById(a.id);
      const bLoaded = await repo.getById(b.id);
      aLoaded.deposit(5);
      bLoaded.deposit(5);

      const failure = await client
        .transaction(async (tx) => {
          await repo.withClient(tx).save(aLoaded);
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await client.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
          await repo.withClient(tx).save(bLoaded);
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ConcurrencyError);
      expect((failure as Error).message).toMatch(/terminat|connection/i);

      const fresh = new PostgresRepository({ client, name: 'Account', schema, mapping: accountMapping });
      expect((await fresh.getById(a.id)).version).toBe(1);
      expect((await fresh.getById(b.id)).version).toBe(1);
      // The pool replaced the dead connection: a full round of work goes through.
      const again = await fresh.getById(a.id);
      again.deposit(1);
      await client.transaction(async (tx) => fresh.withClient(tx).save(again));
      expect((await fresh.getById(a.id)).version).toBe(2);
    });
  });
});
