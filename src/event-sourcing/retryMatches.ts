import type { ExpectedVersion } from './EventStore.js';

/**
 * Whether an append of events already stored (same ids, same stream, same content) is a retry of
 * the write that stored them: its expected version held just before them, that is `'any'`, the
 * version before the first of them (`'no_stream'` and 0 when they began the stream), or
 * `'stream_exists'` when they did not begin it. Otherwise the append is a `ConcurrencyError`, as
 * EventStoreDB answers `WrongExpectedVersion`.
 *
 * @param expected - The retry's expected version.
 * @param firstVersion - The stream version of the first of the stored events.
 * @internal
 */
export function retryMatches(expected: ExpectedVersion, firstVersion: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'stream_exists') return firstVersion > 1;
  return (expected === 'no_stream' ? 0 : expected) === firstVersion - 1;
}
