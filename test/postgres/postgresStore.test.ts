import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgliteMemory } from './fixtures.js';
import { storeSuite } from './storeSuite.js';

describe('postgresStore on PGlite in memory', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgliteMemory.open();
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });
  storeSuite(() => client, 'postgresStore (PGlite)');
});
