import { DomainError } from '../core/DomainError.js';

/**
 * Reported (through `onError`, with status `dead_letter`, and as an entry of the dead-letter
 * stream) when a `RedisStreamConsumer` finds that entries of its stream were removed before its
 * consumer group acknowledged them: trimmed by a `MAXLEN` or `MINID` of another writer, or deleted
 * with `XDEL`. Those events are gone from Redis; republish them from their source (the outbox or
 * the event store) if they matter. `RedisStreamPublisher` never trims unacknowledged entries.
 *
 * @example
 * ```ts
 * const onError = (failure: ConsumerFailure) => {
 *   if (failure.error instanceof StreamGapError) alert(`lost ${failure.error.from}…${failure.error.to}`);
 * };
 * ```
 */
export class StreamGapError extends DomainError {
  declare readonly name: 'StreamGapError';
  declare readonly code: 'redis.stream_gap';
  /** The stream key. */
  declare readonly stream: string;
  /** The consumer group that lost entries. */
  declare readonly group: string;
  /** The first entry id that may be lost (inclusive). */
  declare readonly from: string;
  /** The last entry id that may be lost (inclusive); the same as `from` for one pending entry. */
  declare readonly to: string;

  /**
   * @param stream - The stream key.
   * @param group - The consumer group.
   * @param from - The first id of the lost range.
   * @param to - The last id of the lost range.
   */
  constructor(stream: string, group: string, from: string, to: string) {
    super(
      from === to
        ? `Entry ${from} of stream ${stream} was removed before group ${group} acknowledged it`
        : `Entries ${from} to ${to} of stream ${stream} were removed before group ${group} read them`,
    );
    this.name = 'StreamGapError';
    this.code = 'redis.stream_gap';
    this.stream = stream;
    this.group = group;
    this.from = from;
    this.to = to;
  }
}
