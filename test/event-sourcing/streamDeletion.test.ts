import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/DomainEvent.js';
import { inMemoryStore } from '../../src/core/inMemoryStore.js';
import { newEventId } from '../../src/core/newEventId.js';
import { CryptoShredder } from '../../src/event-sourcing/CryptoShredder.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { InMemoryKeyStore } from '../../src/event-sourcing/InMemoryKeyStore.js';
import type { KeyStore } from '../../src/event-sourcing/KeyStore.js';
import { StreamDeletedError } from '../../src/event-sourcing/StreamDeletedError.js';
import { isStreamDeleted } from '../../src/event-sourcing/streamTombstone.js';
import { Customer, customerEvents } from '../postgres/shreddingFixtures.js';

describe('an event-sourced aggregate whose stream is deleted', () => {
  const setup = () => {
    const eventStore = new InMemoryEventStore({ registry: customerEvents });
    const store = inMemoryStore({
      eventStore,
      aggregates: { customers: eventSourced({ name: 'Customer', create: (id: string) => new Customer(id) }) },
    });
    return { eventStore, store };
  };

  it.each(['soft', 'hard'] as const)('is not found after a %s delete, and cannot be made again', async (mode) => {
    const { eventStore, store } = setup();
    const id = newEventId();
    await store.transaction((s) => s.customers.add(Customer.register(id, 'Ada', 'ada@example.com', 'Oslo')));
    await eventStore.deleteStream(id, { mode, expectedVersion: 1 });
    expect(await store.customers.findById(id)).toBeUndefined();
    await expect(
      store.transaction((s) => s.customers.add(Customer.register(id, 'Ada', 'ada@example.com', 'Oslo'))),
    ).rejects.toBeInstanceOf(StreamDeletedError);
    const all = await eventStore.readAll();
    expect(all.map((e) => isStreamDeleted(e))).toEqual(mode === 'soft' ? [false, true] : [true]);
  });
});

describe('an inMemoryStore whose event store has a shredder', () => {
  it('puts the events in its outbox sealed, and a key store failure commits nothing', async () => {
    const keys = new InMemoryKeyStore();
    let failing = false;
    const flaky: KeyStore = {
      keyFor: (id) => (failing ? Promise.reject(new Error('KMS down')) : keys.keyFor(id)),
      findKeys: (ids) => keys.findKeys(ids),
      forget: (id) => keys.forget(id),
    };
    const shredder = new CryptoShredder({ registry: customerEvents, keys: flaky });
    const eventStore = new InMemoryEventStore({ shredder });
    const store = inMemoryStore({
      eventStore,
      aggregates: { customers: eventSourced({ name: 'Customer', create: (id: string) => new Customer(id) }) },
    });
    const id = newEventId();
    await store.transaction((s) => s.customers.add(Customer.register(id, 'Grace Hopper', 'grace@example.com', 'NYC')));
    const published: DomainEvent[] = [];
    await store.outbox.publishPending(async (message) => {
      if (message.kind === 'event') published.push(message.event);
    });
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published)).not.toContain('Grace');
    expect((await shredder.open(published))[0]?.payload).toMatchObject({ name: 'Grace Hopper' });
    failing = true;
    const other = newEventId();
    await expect(
      store.transaction((s) => s.customers.add(Customer.register(other, 'Nobody', 'n@example.com', 'NYC'))),
    ).rejects.toThrow('KMS down');
    expect((await eventStore.getStreamMetadata(other)).exists).toBe(false);
    let pending = 0;
    await store.outbox.publishPending(async () => void pending++);
    expect(pending).toBe(0);
  });
});
