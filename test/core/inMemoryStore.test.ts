import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../src/event-sourcing/index.js';
import {
  type AggregateStore,
  type AnyAggregate,
  ConcurrencyError,
  InMemoryOutbox,
  inMemoryStore,
  type MemoryTransaction,
  stateStored,
} from '../../src/index.js';
import {
  type SessionConformanceCodec,
  type SessionConformanceKinds,
  type SessionConformanceSubject,
  sessionConformance,
} from '../../src/testing/vitest/index.js';
import { Order, OrderId } from './fixtures.js';

/** An aggregate store as a user would write one for the in-memory store: rows in a Map, writes staged. */
function userStore(codec: SessionConformanceCodec): AggregateStore<AnyAggregate, MemoryTransaction> {
  const rows = new Map<string, { readonly version: number; readonly document: string }>();
  return {
    name: codec.name,
    load: async (id) => {
      const row = rows.get(id);
      return row && codec.decode(id, row.document, row.version);
    },
    write: async (tx, aggregate, change) => {
      const document = codec.encode(aggregate);
      tx.stage({
        check: () => {
          const actual = rows.get(aggregate.id)?.version ?? 0;
          if (actual !== change.expectedVersion)
            throw new ConcurrencyError(aggregate.id, change.expectedVersion, actual);
        },
        apply: () => {
          if (change.kind === 'delete') rows.delete(aggregate.id);
          else rows.set(aggregate.id, { version: change.nextVersion, document });
        },
      });
    },
    fingerprint: (aggregate) => codec.encode(aggregate),
  };
}

const subjectOf = (
  aggregates: Partial<SessionConformanceKinds<MemoryTransaction>>,
  outbox: boolean,
): SessionConformanceSubject<MemoryTransaction> => {
  const eventStore = new InMemoryEventStore();
  const store = inMemoryStore({
    aggregates: aggregates as SessionConformanceKinds<MemoryTransaction>,
    eventStore,
    outbox: (outbox ? undefined : false) as false | undefined,
  });
  return {
    store,
    messages: async () => store.outbox?.messages ?? [],
    events: () => eventStore.readAll(),
  };
};

sessionConformance<MemoryTransaction>({
  name: 'inMemoryStore',
  makeStore: ({ aggregates }) => subjectOf(aggregates, true),
  makeStoreWithoutOutbox: ({ aggregates }) => subjectOf(aggregates, false),
  userStore,
});

describe('inMemoryStore', () => {
  it('keeps a copy of an aggregate without a mapping: later changes to the object are not stored', async () => {
    const store = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } });
    const order = Order.create(OrderId.create());
    order.addItem('sku', 1);
    await store.orders.save(order);
    order.addItem('other', 2); // not saved
    const loaded = await store.orders.getById(order.id);
    expect(loaded).not.toBe(order);
    expect(loaded.props.items).toEqual([{ sku: 'sku', quantity: 1 }]);
    expect(loaded.version).toBe(1);
  });

  it('uses the outbox it is given, and commits one session at a time', async () => {
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') }, outbox });
    expect(store.outbox).toBe(outbox);
    const orders = Array.from({ length: 10 }, () => Order.create(OrderId.create()));
    await Promise.all(
      orders.map((order, i) =>
        store.transaction((s) => {
          order.addItem(`sku-${i}`, 1);
          s.orders.add(order);
        }),
      ),
    );
    expect(outbox.pending.map((message) => (message.kind === 'event' ? message.event.aggregateId : ''))).toEqual(
      orders.map((order) => order.id),
    );
    expect(await store.orders.count()).toBe(10);
  });
});
