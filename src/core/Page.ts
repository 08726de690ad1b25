/**
 * Paging for `findAll`: skip `offset` results, then return at most `limit`.
 *
 * @example
 * ```ts
 * await orders.findAll(isPending, { limit: 20, offset: 40 }); // page 3
 * ```
 */
export interface Page {
  /** The largest number of results to return (a non-negative integer). */
  readonly limit?: number;
  /** How many matching results to skip first (a non-negative integer, default 0). */
  readonly offset?: number;
}
