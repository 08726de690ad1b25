import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { ExpectedVersion } from './EventStore.js';

/**
 * Throws a {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} unless a stream at `actual` meets `expected`: the one rule
 * every event store adapter applies before it writes.
 *
 * @param streamId - The stream being written.
 * @param expected - What the writer expects (`0` and `'no_stream'` both mean "does not exist").
 * @param actual - The stream's current version (0 when it does not exist).
 * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} carrying `streamId`, `expected` and `actual`.
 *
 * @example
 * ```ts
 * checkExpectedVersion('Account-1', 'no_stream', 0); // passes
 * checkExpectedVersion('Account-1', 3, 4); // throws ConcurrencyError(expected 3, actual 4)
 * ```
 */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): void {
  if (expected === 'any') return;
  const ok = expected === 'no_stream' ? actual === 0 : expected === 'stream_exists' ? actual > 0 : actual === expected;
  if (!ok) throw new ConcurrencyError(streamId, expected, actual);
}
