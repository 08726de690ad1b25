import { it } from 'vitest';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { inMemoryStore } from '../../src/index.js';
import { runStoreModel, type StoreUnderTest } from '../support/storeModel.js';
import { storeModelKinds } from '../support/storeModelKinds.js';

it('keeps the in-memory store equal to the model over 1,000 random sequences of sessions', async () => {
  await runStoreModel(
    async () => {
      const eventStore = new InMemoryEventStore();
      const store = inMemoryStore({ aggregates: storeModelKinds(), eventStore });
      return {
        prefix: '',
        store: store as unknown as StoreUnderTest['store'],
        messages: async () => store.outbox?.messages ?? [],
        events: () => eventStore.readAll(),
      };
    },
    { numRuns: 1000, maxCommands: 8 },
  );
}, 120_000);
