import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClosableSqlClient, TransactionClientRequiredError } from '../../src/postgres/index.js';
import { checkpointSuite } from './checkpointSuite.js';
import { eventsTableSuite } from './eventsTableSuite.js';
import { pgliteMemory } from './fixtures.js';
import { outboxLeaseSuite } from './outboxLeaseSuite.js';
import { outboxNotifySuite } from './outboxNotifySuite.js';
import { outboxTableSuite } from './outboxTableSuite.js';
import { projectorSuite } from './projectorSuite.js';
import { sessionSuite } from './sessionSuite.js';
import { specificationDifferentialSuite } from './specificationDifferentialSuite.js';
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

  it('throws instead of waiting forever when the outer client is used inside a transaction', async () => {
    let later: Promise<unknown> = Promise.resolve();
    await client.transaction(async (tx) => {
      await expect(client.query('SELECT 1')).rejects.toBeInstanceOf(TransactionClientRequiredError);
      await expect(client.transaction(async () => 1)).rejects.toMatchObject({
        code: 'postgres.transaction_client_required',
      });
      await tx.query('SELECT 1');
      // Work started inside but run after the end may use the outer client again.
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => client.query('SELECT 2 AS n'));
    });
    expect(await later).toMatchObject({ rows: [{ n: 2 }] });
  });

  sqlClientSuite(() => client);
  migrateSuite(() => client);
  repositorySuite(() => client);
  eventsTableSuite(() => client);
  outboxTableSuite(() => client);
  outboxLeaseSuite(() => client);
  outboxNotifySuite(() => client);
  toSqlSuite(() => client);
  specificationDifferentialSuite(() => client);
  checkpointSuite(() => client);
  sessionSuite(() => client);
  projectorSuite(() => client);
});
