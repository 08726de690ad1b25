import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when a deleted stream is appended to or read: its tombstone says it is gone, for good.
 *
 * @example
 * ```ts
 * try {
 *   await store.readStream('Account-1');
 * } catch (error) {
 *   if (error instanceof StreamDeletedError) console.log(error.streamId, error.mode); // 'soft' or 'hard'
 * }
 * ```
 */
export class StreamDeletedError extends DomainError {
  declare readonly name: 'StreamDeletedError';
  declare readonly code: 'event_sourcing.stream_deleted';
  /** The deleted stream. */
  declare readonly streamId: string;
  /** How it was deleted: `'soft'` kept its events, `'hard'` removed them. */
  declare readonly mode: 'soft' | 'hard';

  /**
   * @param streamId - The deleted stream.
   * @param mode - How it was deleted.
   */
  constructor(streamId: string, mode: 'soft' | 'hard') {
    super(`Stream ${streamId} was deleted (${mode}): it can no longer be read or appended to`);
    this.name = 'StreamDeletedError';
    this.code = 'event_sourcing.stream_deleted';
    this.streamId = streamId;
    this.mode = mode;
  }
}
