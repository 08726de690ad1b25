import { InMemorySnapshotStore } from '../../src/event-sourcing/InMemorySnapshotStore.js';
import { snapshotStoreConformance } from '../../src/testing/index.js';

snapshotStoreConformance(() => new InMemorySnapshotStore(), { name: 'InMemorySnapshotStore' });
