import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgliteMemory } from './fixtures.js';
import { storeModelSuite } from './storeModelSuite.js';

describe('postgresStore on PGlite against the model', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgliteMemory.open();
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });
  storeModelSuite(() => client, 'PGlite', 300_000);
});
