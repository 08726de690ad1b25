import { InMemoryEventStore, InMemorySnapshotStore } from 'tactical-ddd/event-sourcing';
import { Money } from 'tactical-ddd/money';
import { type ClosableSqlClient, migrate, openPGlite } from 'tactical-ddd/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bank } from '../src/application/Bank.js';
import { bankEvents } from '../src/domain/events.js';
import { InMemoryReadModel } from '../src/infrastructure/InMemoryReadModel.js';
import { createBankTables } from '../src/infrastructure/PostgresReadModel.js';
import { PostgresSnapshotStore } from '../src/infrastructure/PostgresSnapshotStore.js';
import { countingReads } from './support.js';

const usd = (amount: string) => Money.of(amount, 'USD');

describe('snapshots every 5 events', () => {
  it('loads an account from its latest snapshot plus the events after it', async () => {
    const store = countingReads(new InMemoryEventStore({ registry: bankEvents }));
    const snapshots = new InMemorySnapshotStore();
    const bank = new Bank({
      store,
      snapshots,
      snapshotEvery: 5,
      readModel: new InMemoryReadModel(),
      catchUp: async () => 0,
    });
    const id = await bank.openAccount('Ada', 'USD'); // version 1
    for (let i = 0; i < 11; i++) await bank.deposit(id, usd('1.00')); // versions 2..12
    expect(await bank.snapshotVersion(id)).toBe(10);

    store.reads.length = 0;
    const account = await bank.accounts.getById(id);
    expect(account.version).toBe(12);
    expect(account.balance.equals(usd('11.00'))).toBe(true);
    // The snapshot held versions 1..10: only versions 11 and 12 were read.
    expect(store.reads).toEqual([{ fromVersion: 11, count: 2 }]);
  });

  it('replays the whole stream when there is no snapshot, and ignores a snapshot of another schema version', async () => {
    const store = countingReads(new InMemoryEventStore({ registry: bankEvents }));
    const snapshots = new InMemorySnapshotStore();
    const bank = new Bank({
      store,
      snapshots,
      snapshotEvery: 100,
      readModel: new InMemoryReadModel(),
      catchUp: async () => 0,
    });
    const id = await bank.openAccount('Bob', 'USD');
    await bank.deposit(id, usd('2.00'));
    store.reads.length = 0;
    await bank.accounts.getById(id);
    expect(store.reads).toEqual([{ fromVersion: 1, count: 2 }]);

    await snapshots.save({ streamId: `Account-${id}`, version: 2, schemaVersion: 99, state: { nonsense: true } });
    store.reads.length = 0;
    expect((await bank.accounts.getById(id)).balance.equals(usd('2.00'))).toBe(true);
    expect(store.reads).toEqual([{ fromVersion: 1, count: 2 }]);
  });

  describe('PostgresSnapshotStore on PGlite', () => {
    let client: ClosableSqlClient;
    beforeAll(async () => {
      client = await openPGlite();
      await migrate(client, { schema: 'snaps' });
      await createBankTables(client, 'snaps');
    });
    afterAll(() => client.close());

    it('keeps the newest snapshot of each stream as JSON', async () => {
      const snapshots = new PostgresSnapshotStore(client, 'snaps');
      expect(await snapshots.load('Account-x')).toBeUndefined();
      const state = { owner: 'Ada', status: 'open', balance: { amount: '5.00', currency: 'USD' } };
      await snapshots.save({ streamId: 'Account-x', version: 10, schemaVersion: 1, state });
      await snapshots.save({ streamId: 'Account-x', version: 5, schemaVersion: 1, state: { stale: true } });
      expect(await snapshots.load('Account-x')).toEqual({
        streamId: 'Account-x',
        version: 10,
        schemaVersion: 1,
        state,
      });
    });
  });
});
