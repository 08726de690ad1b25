/**
 * Thrown by a `forAggregate(...).given(...).when(...).then(...)` scenario that does not hold. It
 * carries `actual` and `expected` (test runners such as vitest print them as a diff) and a
 * message that lists each difference.
 *
 * @example
 * ```ts
 * try {
 *   scenario.then([MoneyWithdrawn({ cents: 500 })]);
 * } catch (error) {
 *   if (error instanceof ScenarioAssertionError) console.log(error.message);
 * }
 * ```
 */
export class ScenarioAssertionError extends Error {
  declare readonly name: 'ScenarioAssertionError';
  /** The stable code of a failed scenario. */
  declare readonly code: 'testing.scenario_failed';
  /** What the scenario produced. */
  declare readonly actual: unknown;
  /** What it should have produced. */
  declare readonly expected: unknown;
  /** Asks test runners to print a diff of `expected` and `actual`. */
  declare readonly showDiff: true;

  /**
   * @param message - What did not hold, with the differences.
   * @param actual - What the scenario produced.
   * @param expected - What it should have produced.
   */
  constructor(message: string, actual: unknown, expected: unknown) {
    super(message);
    // Assigned here, not as field initialisers: bundlers then keep the class name.
    this.name = 'ScenarioAssertionError';
    this.code = 'testing.scenario_failed';
    this.actual = actual;
    this.expected = expected;
    this.showDiff = true;
  }
}
