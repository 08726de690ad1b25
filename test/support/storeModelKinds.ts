import { stateStored } from '../../src/core/stateStored.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemorySnapshotStore } from '../../src/event-sourcing/InMemorySnapshotStore.js';
import { ConformanceTally, counterMapping } from '../../src/testing/sessionConformanceKinds.js';

/** The aggregate kinds of the store model test, with a fresh snapshot store (every 2 events). */
export const storeModelKinds = () => ({
  counters: stateStored('ConformanceCounter', counterMapping),
  tallies: eventSourced({
    name: 'ConformanceTally',
    create: (id: string) => new ConformanceTally(id),
    snapshots: { store: new InMemorySnapshotStore(), every: 2 },
  }),
});
