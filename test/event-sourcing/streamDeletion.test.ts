import { describe, expect, it } from 'vitest';
import { inMemoryStore } from '../../src/core/inMemoryStore.js';
import { newEventId } from '../../src/core/newEventId.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
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
