import type { OutboxMessage, PublishPendingOptions } from './Outbox.js';
import { ValidationError } from './ValidationError.js';

/** How far {@link publishInOrder} got: the leading messages sent, and the one that failed. @internal */
export interface PublishedPrefix {
  /** How many leading messages were published. */
  readonly published: number;
  /** The error of the message at index `published`, when it failed. */
  readonly failed?: { readonly error: unknown };
}

/**
 * Publishes a claimed batch in order: all at once with `publishBatch` when given, else one at a
 * time. A rejected batch is published again one at a time, so that the failing message is known
 * exactly; the call stops at the first failure. Shared by the outbox adapters. @internal
 */
export async function publishInOrder(
  batch: readonly OutboxMessage[],
  publish: (message: OutboxMessage) => Promise<void>,
  publishBatch: PublishPendingOptions['publishBatch'],
): Promise<PublishedPrefix> {
  if (batch.length === 0) return { published: 0 };
  if (publishBatch !== undefined) {
    try {
      await publishBatch(batch);
      return { published: batch.length };
    } catch {
      // Which ones the broker took is unknown: find the failing one below.
    }
  }
  for (let i = 0; i < batch.length; i++) {
    try {
      await publish(batch[i] as OutboxMessage);
    } catch (error) {
      return { published: i, failed: { error } };
    }
  }
  return { published: batch.length };
}

/** Checks `PublishPendingOptions.limit` (default 100). @internal */
export function batchLimit(options: PublishPendingOptions): number {
  const limit = options.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw ValidationError.of('PublishPendingOptions', 'limit', 'too_small', 'limit must be a positive integer');
  }
  return limit;
}

/** The error message an outbox keeps for a failed attempt. @internal */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The default retry backoff: 100 ms doubling per attempt, at most a minute. @internal */
export const defaultRetryDelayMs = (attempts: number): number => Math.min(60_000, 100 * 2 ** (attempts - 1));
