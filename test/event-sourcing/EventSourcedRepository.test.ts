import { describe, expect, it, vi } from 'vitest';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { EventSourcedRepository } from '../../src/event-sourcing/EventSourcedRepository.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { InMemorySnapshotStore } from '../../src/event-sourcing/InMemorySnapshotStore.js';
import { AggregateRoot, type DomainEvent, InMemoryRepository } from '../../src/index.js';
import { repositoryConformance } from '../../src/testing/repositoryConformance.js';
import { Account, AccountCreated, AccountId, MoneyDeposited, MoneyWithdrawn } from './fixtures/Account.js';

const registry = defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] });

const accountFixture = {
  newAggregate: () => Account.create(AccountId.create(), 'Ada', 1000),
  change: (account: Account) => account.deposit(100),
  stateOf: (account: Account) => account.props,
  unknownId: () => AccountId.create(),
};

repositoryConformance({
  name: 'EventSourcedRepository',
  makeRepository: () =>
    new EventSourcedRepository({
      store: new InMemoryEventStore({ registry }),
      create: (id: AccountId) => new Account(id),
    }),
  ...accountFixture,
});

repositoryConformance({
  name: 'EventSourcedRepository with snapshots every 2 events',
  makeRepository: () =>
    new EventSourcedRepository({
      store: new InMemoryEventStore({ registry }),
      create: (id: AccountId) => new Account(id),
      snapshots: { store: new InMemorySnapshotStore(), every: 2 },
    }),
  ...accountFixture,
});

// A state-stored aggregate for the core's InMemoryRepository.
class Counter extends AggregateRoot<string, { count: number }, DomainEvent> {
  constructor(id: string) {
    super(id, { count: 0 });
  }
  increment(): void {
    this.state.count++;
    this.raise({ type: 'Incremented', schemaVersion: 1, payload: { count: this.state.count } });
  }
}
let counterIds = 0;

repositoryConformance({
  name: 'InMemoryRepository (core)',
  makeRepository: () => new InMemoryRepository<Counter>({ name: 'Counter' }),
  newAggregate: () => {
    const counter = new Counter(`counter-${++counterIds}`);
    counter.increment();
    return counter;
  },
  change: (counter) => counter.increment(),
  stateOf: (counter) => counter.props,
  unknownId: () => 'counter-none',
});

describe('EventSourcedRepository', () => {
  const make = () => {
    const store = new InMemoryEventStore({ registry });
    return { store, accounts: new EventSourcedRepository({ store, create: (id: AccountId) => new Account(id) }) };
  };

  it('rejects a new aggregate whose stream already exists, writing nothing', async () => {
    const { store, accounts } = make();
    const id = AccountId.create();
    await accounts.save(Account.create(id, 'Ada', 1));
    const twin = Account.create(id, 'Bob', 2);
    await expect(accounts.save(twin)).rejects.toMatchObject({ code: 'core.concurrency', expected: 0, actual: 1 });
    expect(await store.readStream(id)).toHaveLength(1);
    expect(twin.pendingEvents).toHaveLength(1);
  });

  it('retrying a save whose first attempt was stored (lost response) succeeds without duplicates', async () => {
    const { store, accounts } = make();
    const account = Account.create(AccountId.create(), 'Ada', 1);
    account.deposit(5);
    await store.appendToStream(account.id, account.pendingEvents, { expectedVersion: 0 }); // the lost attempt
    await accounts.save(account);
    expect(account.persistedVersion).toBe(2);
    expect(await store.readStream(account.id)).toHaveLength(2);
  });

  it('reports a corrupt stream instead of loading a wrong state', async () => {
    const { store, accounts } = make();
    const account = Account.create(AccountId.create(), 'Ada', 1);
    const [created] = account.pullEvents();
    await store.appendToStream(account.id, [{ ...(created as DomainEvent), aggregateVersion: 2 }]);
    await expect(accounts.getById(account.id)).rejects.toMatchObject({ rule: 'out_of_order' });
  });
});

describe('EventSourcedRepository snapshots', () => {
  const setup = (every = 3, schemaVersion?: number) => {
    const store = new InMemoryEventStore({ registry });
    const snapshots = new InMemorySnapshotStore();
    const onError = vi.fn();
    const accounts = new EventSourcedRepository({
      store,
      create: (id: AccountId) => new Account(id),
      streamId: (id) => `Account-${id}`,
      snapshots: { store: snapshots, every, onError, ...(schemaVersion === undefined ? {} : { schemaVersion }) },
    });
    return { store, snapshots, accounts, onError };
  };

  it('takes a snapshot when a save crosses a multiple of `every`, and loads from it', async () => {
    const { store, snapshots, accounts } = setup(3);
    const account = Account.create(AccountId.create(), 'Ada', 0);
    account.deposit(1);
    await accounts.save(account); // version 2: no snapshot yet
    expect(await snapshots.load(`Account-${account.id}`)).toBeUndefined();
    account.deposit(2);
    account.deposit(3);
    await accounts.save(account); // version 4: crosses 3
    expect(await snapshots.load(`Account-${account.id}`)).toMatchObject({ version: 4, state: { balanceCents: 6 } });
    account.deposit(4);
    await accounts.save(account);
    const read = vi.spyOn(store, 'readStream');
    const loaded = await accounts.getById(account.id);
    expect(read).toHaveBeenCalledWith(`Account-${account.id}`, { fromVersion: 5 });
    expect(loaded.props.balanceCents).toBe(10);
    expect(loaded.version).toBe(5);
  });

  it('ignores a snapshot of another schema version, or one ahead of the stream', async () => {
    const { store, snapshots, accounts } = setup(100, 2);
    const account = Account.create(AccountId.create(), 'Ada', 50);
    await accounts.save(account);
    const streamId = `Account-${account.id}`;
    await snapshots.save({ streamId, version: 1, schemaVersion: 1, state: { balanceCents: 999 } });
    expect((await accounts.getById(account.id)).props.balanceCents).toBe(50);
    const other = new InMemorySnapshotStore();
    await other.save({ streamId, version: 7, schemaVersion: 2, state: { balanceCents: 999 } });
    const stale = new EventSourcedRepository({
      store,
      create: (id: AccountId) => new Account(id),
      streamId: (id) => `Account-${id}`,
      snapshots: { store: other, every: 100, schemaVersion: 2 },
    });
    const loaded = await stale.getById(account.id);
    expect(loaded.props.balanceCents).toBe(50);
    expect(loaded.version).toBe(1);
  });

  it('reports a failed snapshot without failing the save', async () => {
    const { snapshots, accounts, onError } = setup(1);
    vi.spyOn(snapshots, 'save').mockRejectedValueOnce(new Error('disk full'));
    const account = Account.create(AccountId.create(), 'Ada', 5);
    await accounts.save(account);
    expect(onError).toHaveBeenCalledWith(new Error('disk full'));
    expect((await accounts.getById(account.id)).props.balanceCents).toBe(5);
  });

  it('rejects a non-positive snapshot interval', () => {
    const store = new InMemoryEventStore();
    for (const every of [0, -1, 1.5]) {
      expect(
        () =>
          new EventSourcedRepository({
            store,
            create: (id: AccountId) => new Account(id),
            snapshots: { store: new InMemorySnapshotStore(), every },
          }),
      ).toThrow(RangeError);
    }
  });

  it('does nothing when saving an aggregate without new events', async () => {
    const { store, accounts } = setup();
    const account = Account.create(AccountId.create(), 'Ada', 5);
    await accounts.save(account);
    const loaded = await accounts.getById(account.id);
    await accounts.save(loaded);
    expect(await store.readAll()).toHaveLength(1);
  });
});
