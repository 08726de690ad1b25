/**
 * Test kit: given/when/then scenarios for event-sourced aggregates, conformance suites (vitest)
 * for event stores, snapshot stores, repositories and store sessions, the event schema drift guard, a fixed clock and a
 * deterministic id source. Import it from tests only; vitest is an optional peer dependency
 * needed by this entry.
 *
 * @example
 * ```ts
 * import { eventStoreConformance, FixedClock, forAggregate, sequentialIds } from 'tactical-ddd/testing';
 *
 * eventStoreConformance(({ registry }) => new InMemoryEventStore({ registry }));
 * ```
 *
 * @module tactical-ddd/testing
 */
export {
  type EventStoreConformanceContext,
  type EventStoreConformanceOptions,
  eventStoreConformance,
} from './eventStoreConformance.js';
export { type EventSchemaDriftOptions, expectNoEventSchemaDrift } from './expectNoEventSchemaDrift.js';
export { FixedClock } from './FixedClock.js';
export {
  type Aggregate,
  type AggregateScenario,
  type ErrorClass,
  type EventOfAggregate,
  type ExpectedError,
  type ExpectedEvent,
  forAggregate,
  given,
  type ScenarioGiven,
  type ScenarioWhen,
} from './forAggregate.js';
export {
  type LoadSaveRepository,
  type RepositoryConformanceFixture,
  repositoryConformance,
} from './repositoryConformance.js';
export { ScenarioAssertionError } from './ScenarioAssertionError.js';
export { sequentialIds } from './sequentialIds.js';
export {
  type SessionConformanceCodec,
  type SessionConformanceKinds,
  type SessionConformanceOptions,
  type SessionConformanceSubject,
  sessionConformance,
} from './sessionConformance.js';
export { type SnapshotStoreConformanceOptions, snapshotStoreConformance } from './snapshotStoreConformance.js';
