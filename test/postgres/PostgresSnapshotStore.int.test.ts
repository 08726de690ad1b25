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
  processInstanceSuite(() => client);
});
