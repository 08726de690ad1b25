import { describe, expect, it } from 'vitest';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { InMemorySnapshotStore } from '../../src/event-sourcing/InMemorySnapshotStore.js';
import { ConcurrencyError, InvariantViolationError, inMemoryStore, ValidationError } from '../../src/index.js';
import { FixedClock } from '../../src/testing/FixedClock.js';
import { forAggregate } from '../../src/testing/forAggregate.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';
import {
  Account,
  AccountApplicationService,
  AccountCreated,
  type AccountEvent,
  AccountId,
  InsufficientFundsError,
  MoneyDeposited,
  MoneyWithdrawn,
} from './fixtures/Account.js';

const registry = defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] });

const setup = () => {
  const generateId = sequentialIds();
  const clock = new FixedClock();
  const store = new InMemoryEventStore({ registry });
  const bank = inMemoryStore({
    eventStore: store,
    outbox: false,
    aggregates: {
      accounts: eventSourced({
        name: 'Account',
        streamId: (id: AccountId) => `Account-${id}`,
        create: (id: AccountId) => new Account(id, { clock, generateId }),
      }),
    },
  });
  const accounts = bank.accounts;
  return { store, bank, accounts, service: new AccountApplicationService(accounts) };
};

describe('the seed bank account, event-sourced', () => {
  const id = AccountId.parse('0192f7c4-7e3a-7b1e-9a57-000000000001');
  const account = forAggregate(() => new Account(id));

  it('deposits and withdraws within the balance', () => {
    account
      .given([AccountCreated({ ownerName: 'Ada', initialBalanceCents: 1000 }), MoneyDeposited({ cents: 500 })])
      .when((a) => a.withdraw(1500))
      .then([MoneyWithdrawn({ cents: 1500 })]);
  });

  it('refuses to withdraw beyond the balance with a typed error and raises nothing', () => {
    account
      .given([AccountCreated({ ownerName: 'Ada', initialBalanceCents: 1000 })])
      .when((a) => a.withdraw(1001))
      .then(InsufficientFundsError);
    account
      .given([AccountCreated({ ownerName: 'Ada', initialBalanceCents: 1000 })])
      .when((a) => a.withdraw(1001))
      .then({ code: 'account.insufficient_funds', balanceCents: 1000, requestedCents: 1001 });
  });

  it('rejects a non-positive or fractional amount with a ValidationError naming the field', () => {
    for (const bad of [0, -5, 1.5]) {
      account
        .given([AccountCreated({ ownerName: 'Ada', initialBalanceCents: 1000 })])
        .when((a) => a.deposit(bad))
        .then({ name: 'ValidationError', field: 'cents' });
    }
    account
      .given([])
      .when((a) => a.deposit(5))
      .then(InvariantViolationError);
  });

  it('through the application service: withdrawing too much appends nothing', async () => {
    const { store, service, accounts } = setup();
    await service.createAccount(id, 'Ada', 1000);
    await service.deposit(id, 250);
    await expect(service.withdraw(id, 5000)).rejects.toBeInstanceOf(InsufficientFundsError);
    await expect(service.deposit(id, -1)).rejects.toBeInstanceOf(ValidationError);
    const stream = await store.readStream(`Account-${id}`);
    expect(stream.map((e) => e.type)).toEqual(['AccountCreated', 'MoneyDeposited']);
    const loaded = await accounts.getById(id);
    expect(loaded.props.balanceCents).toBe(1250);
    expect(loaded.version).toBe(2);
  });

  it('two concurrent deposits at the same version: exactly one wins, the other gets ConcurrencyError', async () => {
    const { store, accounts } = setup();
    await accounts.save(Account.create(id, 'Ada', 1000));
    const [first, second] = await Promise.all([accounts.getById(id), accounts.getById(id)]);
    first.deposit(100);
    second.deposit(200);
    const results = await Promise.allSettled([accounts.save(first), accounts.save(second)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConcurrencyError);
    expect(lost?.reason).toMatchObject({ streamId: `Account-${id}`, expected: 1, actual: 2 });
    expect((await store.readStream(`Account-${id}`)).length).toBe(2);
    const balance = (await accounts.getById(id)).props.balanceCents;
    expect([1100, 1200]).toContain(balance);
  });

  it('two concurrent appends to the store with the same expected version: one wins', async () => {
    const { store } = setup();
    const history = Account.create(id, 'Ada', 0).pullEvents();
    await store.appendToStream(`Account-${id}`, history, { expectedVersion: 'no_stream' });
    const deposits = [100, 200].map((cents) => {
      const copy = new Account(id).rehydrate(history);
      copy.deposit(cents);
      return copy.pullEvents();
    });
    const results = await Promise.allSettled(
      deposits.map((events) => store.appendToStream(`Account-${id}`, events, { expectedVersion: 1 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError)).toHaveLength(1);
  });
});

describe.each([{ compact: false }, { compact: true }])(
  'an account with a long history (compact: $compact)',
  ({ compact }) => {
    // A load reads 2,048 events at a time: histories of one page, a page exactly, a page and one,
    // and several pages, with and without a snapshot part way.
    const id = AccountId.parse('0192f7c4-7e3a-7b1e-9a57-000000000002');
    const bankWith = (snapshots?: InMemorySnapshotStore) => {
      const eventStore = new InMemoryEventStore({ registry, compact });
      const generateId = sequentialIds();
      return {
        eventStore,
        bank: inMemoryStore({
          eventStore,
          outbox: false,
          aggregates: {
            accounts: eventSourced({
              name: 'Account',
              streamId: (accountId: AccountId) => `Account-${accountId}`,
              create: (accountId: AccountId) => new Account(accountId, { generateId }),
              ...(snapshots === undefined ? {} : { snapshots: { store: snapshots, every: 1000 } }),
            }),
          },
        }),
      };
    };
    const history = async (eventStore: InMemoryEventStore, count: number) => {
      const account = Account.create(id, 'Ada', 0);
      for (let i = 1; i < count; i++) account.deposit(i);
      await eventStore.appendToStream(`Account-${id}`, account.pullEvents(), { expectedVersion: 'no_stream' });
    };

    it.each([1, 2047, 2048, 2049, 4096, 5000])('loads all %i events, in order', async (count) => {
      const { eventStore, bank } = bankWith();
      await history(eventStore, count);
      const account = await bank.accounts.getById(id);
      expect(account.version).toBe(count);
      expect(account.props.balanceCents).toBe(((count - 1) * count) / 2);
    });

    it('loads from a snapshot and the pages after it', async () => {
      const snapshots = new InMemorySnapshotStore();
      const { eventStore, bank } = bankWith(snapshots);
      await history(eventStore, 5000);
      // A snapshot at version 10 whose balance is off by a million: a load that uses it shows it.
      const stream = `Account-${id}`;
      const firstTen = (await eventStore.readStream(stream, { maxCount: 10 })) as unknown as AccountEvent[];
      const early = new Account(id).rehydrate(firstTen);
      const { state } = early.toSnapshot();
      await snapshots.save({
        streamId: stream,
        version: 10,
        schemaVersion: 1,
        state: { ...state, balanceCents: state.balanceCents + 1_000_000 },
      });
      const loaded = await bank.accounts.getById(id);
      expect(loaded.version).toBe(5000);
      expect(loaded.props.balanceCents).toBe((4999 * 5000) / 2 + 1_000_000);
    });
  },
);
