import { afterAll, beforeAll, describe } from 'vitest';
import type { ClosableSqlClient } from '../../src/postgres/index.js';
import { checkpointSuite } from './checkpointSuite.js';
import { eventsTableSuite } from './eventsTableSuite.js';
import { pgliteMemory } from './fixtures.js';
import { outboxTableSuite } from './outboxTableSuite.js';
import { migrateSuite, repositorySuite, sqlClientSuite } from './suites.js';
import { toSqlSuite } from './toSqlSuite.js';

describe('on PGlite in memory', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgliteMemory.open();
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });

  sqlClientSuite(() => client);
  migrateSuite(() => client);
  repositorySuite(() => client);
  eventsTableSuite(() => client);
  outboxTableSuite(() => client);
  toSqlSuite(() => client);
  checkpointSuite(() => client);
});
