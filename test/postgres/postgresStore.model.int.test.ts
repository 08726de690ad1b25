import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgServer, serverAvailable } from './fixtures.js';
import { storeModelSuite } from './storeModelSuite.js';

const available = await serverAvailable();

describe.runIf(available)('postgresStore on a PostgreSQL server against the model', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgServer.open();
  });
  afterAll(async () => {
    await client.close();
  });
  storeModelSuite(() => client, 'a PostgreSQL server', 300_000);
});
