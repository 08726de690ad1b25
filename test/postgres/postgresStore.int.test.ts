import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgServer, serverAvailable } from './fixtures.js';
import { storeSuite } from './storeSuite.js';

const available = await serverAvailable();

describe.runIf(available)('postgresStore on a PostgreSQL server', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgServer.open();
  });
  afterAll(async () => {
    await client.close();
  });
  storeSuite(() => client, 'postgresStore (server)');
});
