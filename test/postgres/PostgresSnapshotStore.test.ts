import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { pgliteMemory } from './fixtures.js';
import { processInstanceSuite } from './processInstanceSuite.js';
import { snapshotStoreSuite } from './snapshotStoreSuite.js';

describe('on PGlite in memory', () => {
  let client: ClosableSqlClient;
  // Opened before the suites, so that starting PGlite is not charged to the first test.
  beforeAll(async () => {
    client = await pgliteMemory.open();
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });
  snapshotStoreSuite('PGlite in memory', () => client);
  processInstanceSuite(() => client);
});
