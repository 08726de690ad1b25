import { describe, expectTypeOf, it } from 'vitest';
import { eventSourced, InMemoryEventStore } from '../../src/event-sourcing/index.js';
import {
  type AggregateStore,
  inMemoryStore,
  type MemoryTransaction,
  type Repository,
  type SessionRepository,
  type SnapshotMapping,
  stateStored,
} from '../../src/index.js';
import { postgresStore, type SqlClient } from '../../src/postgres/index.js';
import { Account, type AccountId } from '../event-sourcing/fixtures/Account.js';
import type { Order, OrderId, OrderProps } from './fixtures.js';

declare const client: SqlClient;
declare const orderMapping: SnapshotMapping<Order, OrderProps>;

describe('stores and sessions', () => {
  it('types a session repository and a store repository per aggregate kind', async () => {
    const store = inMemoryStore({
      eventStore: new InMemoryEventStore(),
      aggregates: {
        orders: stateStored('Order', orderMapping),
        accounts: eventSourced({ name: 'Account', create: (id: AccountId) => new Account(id) }),
      },
    });
    expectTypeOf(store.orders).toEqualTypeOf<Repository<Order, OrderId>>();
    expectTypeOf(store.accounts).toEqualTypeOf<Repository<Account, AccountId>>();
    const id = await store.transaction(async (s) => {
      expectTypeOf(s.orders).toEqualTypeOf<SessionRepository<Order, OrderId>>();
      const account = await s.accounts.get('x' as AccountId, { expectedVersion: 3 });
      expectTypeOf(account).toEqualTypeOf<Account>();
      // @ts-expect-error a session has no repository for an undeclared kind
      s.invoices;
      // @ts-expect-error ids are branded
      await s.orders.get('plain string');
      // @ts-expect-error an Account is not an Order
      s.orders.add(account);
      return account.id;
    });
    expectTypeOf(id).toEqualTypeOf<AccountId>();
  });

  it('refuses reserved names and, on Postgres, state-stored kinds without a mapping', () => {
    inMemoryStore({
      // @ts-expect-error `transaction` is the store's own
      aggregates: { transaction: stateStored<Order>('Order') },
    });
    postgresStore({ client, aggregates: { orders: stateStored('Order', orderMapping) } });
    // Without a mapping the kind's snapshot type is never: the in-memory store keeps copies instead.
    expectTypeOf(stateStored<Order>('Order').mapping).toEqualTypeOf<SnapshotMapping<Order, never> | undefined>();
  });

  it('accepts an AggregateStore of your own, typed by the store’s transaction', () => {
    const tickets = {} as AggregateStore<Order, MemoryTransaction>;
    const store = inMemoryStore({ aggregates: { tickets } });
    expectTypeOf(store.tickets).toEqualTypeOf<Repository<Order, OrderId>>();
    void store.transaction((s) => {
      s.join({
        flush: async (tx) => {
          expectTypeOf(tx).toEqualTypeOf<MemoryTransaction>();
        },
      });
    });
    void postgresStore({
      client,
      aggregates: { orders: stateStored('Order', orderMapping) },
    }).transaction((s) => {
      s.join({
        flush: async (tx) => {
          expectTypeOf(tx).toEqualTypeOf<SqlClient>();
        },
      });
    });
    // @ts-expect-error an in-memory participant is not a Postgres one
    postgresStore({ client, aggregates: { tickets } });
  });
});
