import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryStore, stateStored, ValidationError } from '../../src/index.js';
import { type ClosableSqlClient, migrate, openPGlite, postgresStore } from '../../src/postgres/index.js';
import { Account, accountMapping } from './fixtures.js';

/** Ids PostgreSQL cannot hold are refused alike by every store, before any query, writing nothing. */
describe('ids no store can hold', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await openPGlite();
    await migrate(client);
  }, 60_000); // PGlite takes over 10 s to start on a loaded machine, as in the other PGlite suites
  afterAll(async () => {
    await client.close();
  });
  const stores = () => [
    inMemoryStore({ aggregates: { accounts: stateStored('Account', accountMapping) } }),
    postgresStore({ client, aggregates: { accounts: stateStored('Account', accountMapping) } }),
  ];

  it.each(['a\u0000b', 'lone \uD800 surrogate'])('refuses %j to load, save and get in a session', async (id) => {
    for (const store of stores()) {
      await expect(store.accounts.findById(id)).rejects.toMatchObject({ field: 'id', rule: 'unsupported_character' });
      await expect(store.accounts.save(Account.open(id, 'ada'))).rejects.toBeInstanceOf(ValidationError);
      await expect(store.transaction((s) => s.accounts.get(id))).rejects.toMatchObject({
        rule: 'unsupported_character',
      });
      expect(await store.accounts.count()).toBe(0);
    }
  });
});
