import { InMemorySnapshotStore } from '../../src/event-sourcing/InMemorySnapshotStore.js';
import { snapshotStoreConformance } from '../../src/testing/vitest/index.js';

snapshotStoreConformance(() => new InMemorySnapshotStore(), { name: 'InMemorySnapshotStore' });
