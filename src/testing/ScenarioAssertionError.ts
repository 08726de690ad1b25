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
  override readonly name = 'ScenarioAssertionError';
  readonly code = 'testing.scenario_failed' as const;
  readonly actual: unknown;
  readonly expected: unknown;
  /** Asks test runners to print a diff of `expected` and `actual`. */
  readonly showDiff = true;

  /**
   * @param message - What did not hold, with the differences.
   * @param actual - What the scenario produced.
   * @param expected - What it should have produced.
   */
  constructor(message: string, actual: unknown, expected: unknown) {
    super(message);
    this.actual = actual;
    this.expected = expected;
  }
}
