import { DomainError } from '../core/DomainError.js';

/** Why an append that reuses stored event ids is not a harmless retry. */
export type DuplicateEventReason =
  /** The id is stored with another type, payload, metadata or envelope field. */
  | 'content_mismatch'
  /** The id is stored in another stream, or at another place in this one. */
  | 'other_position'
  /** Some of the batch's ids are stored and some are not. */
  | 'partial_overlap';

/**
 * Thrown when an append reuses event ids in a way that is not an idempotent retry. Re-appending
 * exactly the events already stored (same ids, same stream, same order, same content) is a no-op
 * that returns the first result; anything else that reuses an id is this error, and nothing is
 * written.
 *
 * @example
 * ```ts
 * try {
 *   await store.appendToStream('Account-1', [deposited, another]);
 * } catch (error) {
 *   if (error instanceof DuplicateEventError) console.log(error.eventId, error.reason); // 'partial_overlap'
 * }
 * ```
 */
export class DuplicateEventError extends DomainError {
  declare readonly name: 'DuplicateEventError';
  declare readonly code: 'event_sourcing.duplicate_event';
  /** The stream the append was for. */
  declare readonly streamId: string;
  /** The first offending event id. */
  declare readonly eventId: string;
  declare readonly reason: DuplicateEventReason;

  /**
   * @param streamId - The stream the append was for.
   * @param eventId - The first offending event id.
   * @param reason - Why the append is not an idempotent retry.
   */
  constructor(streamId: string, eventId: string, reason: DuplicateEventReason) {
    super(`Event ${eventId} appended to ${streamId} is already stored (${reason.replace('_', ' ')})`);
    this.name = 'DuplicateEventError';
    this.code = 'event_sourcing.duplicate_event';
    this.streamId = streamId;
    this.eventId = eventId;
    this.reason = reason;
  }
}
