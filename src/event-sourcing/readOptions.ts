import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';
import type { ReadAllOptions, ReadStreamOptions } from './EventStore.js';

const fail = (subject: string, field: string, rule: string, message: string): never => {
  throw ValidationError.of(subject, field, rule, message);
};

const checkMaxCount = (subject: string, maxCount: unknown): number => {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (typeof maxCount !== 'number' || !Number.isSafeInteger(maxCount) || maxCount < 0) {
    fail(subject, 'maxCount', 'invalid_max_count', 'maxCount must be a non-negative integer');
  }
  return maxCount as number;
};

/** The checked options of a stream read. @internal */
export interface StreamRead {
  readonly fromVersion: number | undefined;
  readonly maxCount: number;
  readonly backwards: boolean;
}

/**
 * Checks a stream id and the options of `readStream`, for every adapter alike.
 *
 * @param streamId - The stream id.
 * @param options - The read options.
 * @returns The options with defaults applied.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field.
 *
 * @example
 * ```ts
 * const { fromVersion, maxCount, backwards } = validateReadStream('Account-1', { maxCount: 10 });
 * ```
 */
export function validateReadStream(streamId: unknown, options: ReadStreamOptions | undefined): StreamRead {
  const subject = 'readStream';
  checkStreamId(subject, streamId);
  const { fromVersion, direction = 'forwards' } = options ?? {};
  if (fromVersion !== undefined && (!Number.isSafeInteger(fromVersion) || fromVersion < 1)) {
    fail(subject, 'fromVersion', 'invalid_from_version', 'fromVersion must be a positive integer');
  }
  if (direction !== 'forwards' && direction !== 'backwards') {
    fail(subject, 'direction', 'invalid_direction', "direction must be 'forwards' or 'backwards'");
  }
  return { fromVersion, maxCount: checkMaxCount(subject, options?.maxCount), backwards: direction === 'backwards' };
}

/**
 * Checks the options of `readAll`, for every adapter alike.
 *
 * @param options - The read options.
 * @returns The start position and the most events to return.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field.
 *
 * @example
 * ```ts
 * const { fromPosition, maxCount } = validateReadAll({ fromPosition: 42n });
 * ```
 */
export function validateReadAll(options: ReadAllOptions | undefined): { fromPosition: bigint; maxCount: number } {
  const fromPosition = options?.fromPosition ?? 0n;
  if (typeof fromPosition !== 'bigint' || fromPosition < 0n || fromPosition > MAX_POSITION) {
    fail('readAll', 'fromPosition', 'invalid_position', 'fromPosition must be a bigint from 0 to 2^128 - 1');
  }
  return { fromPosition, maxCount: checkMaxCount('readAll', options?.maxCount) };
}

/**
 * Checks a stream id: a non-empty string of at most 512 characters, without U+0000 or a lone
 * surrogate (which PostgreSQL cannot store).
 *
 * @param subject - The operation, for the error.
 * @param streamId - The value to check.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`streamId`, `invalid_stream_id`, `too_long` or
 * `unsupported_character`).
 *
 * @example
 * ```ts
 * checkStreamId('readStream', ''); // throws
 * ```
 */
export function checkStreamId(subject: string, streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    fail(subject, 'streamId', 'invalid_stream_id', 'streamId must be a non-empty string');
  }
  const id = streamId as string;
  if (id.length > MAX_STREAM_ID_LENGTH) {
    fail(subject, 'streamId', 'too_long', `streamId must be at most ${MAX_STREAM_ID_LENGTH} characters`);
  }
  if (isUnstorableText(id)) fail(subject, 'streamId', 'unsupported_character', `streamId ${UNSTORABLE_MESSAGE}`);
}

/**
 * The longest stream id, in UTF-16 code units: at most 1,536 bytes of UTF-8, well inside what a
 * PostgreSQL index entry holds.
 */
export const MAX_STREAM_ID_LENGTH = 512;

/** The largest global position any store hands out: below 2^128. */
const MAX_POSITION = (1n << 128n) - 1n;
