import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inMemoryStore } from 'tactical-ddd';
import { InMemoryEventStore, InMemorySnapshotStore } from 'tactical-ddd/event-sourcing';
import { Money } from 'tactical-ddd/money';
import type { ClosableSqlClient } from 'tactical-ddd/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { Bank } from '../src/application/Bank.js';
import { bankEvents } from '../src/domain/events.js';
import { InMemoryReadModel } from '../src/infrastructure/InMemoryReadModel.js';
import { type OpenedBank, openBank } from '../src/infrastructure/openBank.js';
import { countingReads } from './support.js';

const usd = (amount: string) => Money.of(amount, 'USD');

describe('snapshots every 5 events', () => {
  it('loads an account from its latest snapshot plus the events after it', async () => {
    const store = countingReads(new InMemoryEventStore({ registry: bankEvents }));
    const snapshots = new InMemorySnapshotStore();
    const bank = new Bank({
      openStore: (aggregates) => inMemoryStore({ aggregates, eventStore: store }),
      events: store,
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
      openStore: (aggregates) => inMemoryStore({ aggregates, eventStore: store }),
      events: store,
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

  describe('on PGlite, with the library PostgresSnapshotStore and transfer runs in the store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bank-snapshots-'));
    const storage = { kind: 'pglite', dataDir: join(dir, 'db') } as const;
    let opened: OpenedBank | undefined;
    afterAll(async () => {
      await opened?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps snapshots and transfer runs in the database, across a restart', async () => {
      opened = await openBank(storage, { snapshotEvery: 3 });
      const ada = await opened.bank.openAccount('Ada', 'USD');
      const bob = await opened.bank.openAccount('Bob', 'USD');
      for (let i = 0; i < 3; i++) await opened.bank.deposit(ada, usd('10.00')); // versions 2..4
      const { transferId } = await opened.bank.transfer(ada, bob, usd('5.00'));
      await opened.close();
      opened = undefined;

      opened = await openBank(storage, { snapshotEvery: 3 });
      const client = opened.client as ClosableSqlClient;
      expect(await opened.bank.snapshotVersion(ada)).toBe(3);
      const { rows: snapshots } = await client.query<{ stream_id: string; version: number }>(
        'SELECT stream_id, version FROM bank.ddd_snapshots ORDER BY version',
      );
      expect(snapshots).toEqual([{ stream_id: `Account-${ada}`, version: 3 }]);
      const [run] = await opened.bank.store.transferRuns.findAll();
      expect(run?.props).toMatchObject({
        process: 'TransferProcess',
        state: { step: 'completed' },
        status: 'completed',
        compensations: [],
      });
      // TransferRequested, then the MoneyWithdrawn of the transfer: one session each.
      expect(run?.props.handled).toHaveLength(2);
      expect(run?.id).toBe(transferId);
    });
  });
});
