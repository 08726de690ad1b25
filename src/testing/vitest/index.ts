/**
 * Conformance suites for your own adapters, as vitest suites: event stores, snapshot stores,
 * repositories and stores (sessions). Call one at the top of a test file with a factory of fresh
 * instances; it declares its own `describe` and `it` blocks. vitest is an optional peer dependency
 * needed by this entry only; the rest of the test kit is in `tactical-ddd/testing`.
 *
 * @example
 * ```ts
 * import { eventStoreConformance } from 'tactical-ddd/testing/vitest';
 *
 * eventStoreConformance(({ registry }) => new InMemoryEventStore({ registry }));
 * ```
 *
 * @module tactical-ddd/testing/vitest
 */
export {
  type EventStoreConformanceContext,
  type EventStoreConformanceOptions,
  eventStoreConformance,
} from '../eventStoreConformance.js';
export {
  type LoadSaveRepository,
  type RepositoryConformanceFixture,
  repositoryConformance,
} from '../repositoryConformance.js';
export {
  type SessionConformanceCodec,
  type SessionConformanceKinds,
  type SessionConformanceOptions,
  type SessionConformanceSubject,
  sessionConformance,
} from '../sessionConformance.js';
export { type SnapshotStoreConformanceOptions, snapshotStoreConformance } from '../snapshotStoreConformance.js';
