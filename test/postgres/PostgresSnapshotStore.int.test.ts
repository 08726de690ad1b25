import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgServer, serverAvailable } from './fixtures.js';
import { processInstanceSuite } from './processInstanceSuite.js';
import { snapshotStoreSuite } from './snapshotStoreSuite.js';

const available = await serverAvailable();

describe.runIf(available)('on a PostgreSQL server', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgServer.open();
  });
  afterAll(async () => {
    await client.close();
  });
  snapshotStoreSuite('a PostgreSQL server', () => client);
  // The session's own connection is terminated in the middle of its commit.
  processInstanceSuite(
    () => client,
    async (tx) => {
      await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
    },
  );
});
