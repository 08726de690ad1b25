import { DomainError } from './DomainError.js';

/**
 * A session was asked for an aggregate at a version it no longer has: the caller's copy (an HTTP
 * `If-Match`, a form's hidden field) is stale. Unlike a {@link ConcurrencyError} found at commit,
 * retrying the same request cannot succeed, so `retryOnConcurrency` does not retry it: answer
 * `409 Conflict` or `412 Precondition Failed` and let the client reload.
 *
 * @example
 * ```ts
 * try {
 *   await store.transaction(async (s) => (await s.orders.get(id, { expectedVersion: 3 })).confirm());
 * } catch (error) {
 *   if (error instanceof StaleVersionError) console.log(error.expected, error.actual); // 3, 4
 * }
 * ```
 */
export class StaleVersionError extends DomainError {
  declare readonly name: 'StaleVersionError';
  declare readonly code: 'core.stale_version';
  /** The aggregate type (`'Order'`). */
  declare readonly aggregate: string;
  /** The aggregate's id. */
  declare readonly id: string;
  /** The version the caller expected. */
  declare readonly expected: number;
  /** The version that is stored. */
  declare readonly actual: number;

  /**
   * @param aggregate - The aggregate type.
   * @param id - The aggregate's id.
   * @param expected - The version the caller expected.
   * @param actual - The stored version.
   */
  constructor(aggregate: string, id: string, expected: number, actual: number) {
    super(`${aggregate} ${id} is at version ${actual}, not the expected ${expected}: reload it`);
    this.name = 'StaleVersionError';
    this.code = 'core.stale_version';
    this.aggregate = aggregate;
    this.id = id;
    this.expected = expected;
    this.actual = actual;
  }
}
