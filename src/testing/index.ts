/**
 * Test kit, framework-free: given/when/then scenarios for every aggregate (state-stored or
 * event-sourced), the event schema drift guard, a fixed clock and a deterministic id source. It
 * throws a `ScenarioAssertionError` and imports no test framework, so it runs under vitest, jest or
 * `node:test` alike. The conformance suites, written for vitest, are in `tactical-ddd/testing/vitest`.
 *
 * @example
 * ```ts
 * import { FixedClock, forAggregate, sequentialIds } from 'tactical-ddd/testing';
 *
 * forAggregate(() => new Account(accountId)).given([opened]).when((a) => a.withdraw(1)).then(InsufficientFundsError);
 * ```
 *
 * @module tactical-ddd/testing
 */
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
export { ScenarioAssertionError } from './ScenarioAssertionError.js';
export { sequentialIds } from './sequentialIds.js';
