import { DomainError } from './DomainError.js';

/**
 * Thrown when a write expected a version of an aggregate or stream that is no longer current
 * (optimistic concurrency). Nothing was written; reload and retry.
 *
 * `expected` is the version the writer saw (a number, or `'no_stream'` / `'stream_exists'` for an
 * event store), `actual` the version found (0 when there is nothing stored).
 *
 * @example
 * ```ts
 * try {
 *   await orders.save(order);
 * } catch (error) {
 *   if (error instanceof ConcurrencyError) console.log(error.streamId, error.expected, error.actual);
 * }
 * ```
 */
export class ConcurrencyError extends DomainError {
  declare readonly name: 'ConcurrencyError';
  declare readonly code: 'core.concurrency';
  /** The aggregate id or stream id that was written to. */
  declare readonly streamId: string;
  /** The version the writer expected. */
  declare readonly expected: number | string;
  /** The version actually stored (0 for none). */
  declare readonly actual: number;

  /**
   * @param streamId - The aggregate or stream id.
   * @param expected - The version the writer expected.
   * @param actual - The version found.
   */
  constructor(streamId: string, expected: number | string, actual: number) {
    super(`Concurrency conflict on ${streamId}: expected version ${String(expected)}, found ${actual}`);
    this.name = 'ConcurrencyError';
    this.code = 'core.concurrency';
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}
