import type { DomainEvent } from '../core/DomainEvent.js';
import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';
import type { AppendOptions, ExpectedVersion } from './EventStore.js';
import { checkStreamId } from './readOptions.js';

/** The largest schema version: what a 32-bit integer column holds. */
const MAX_SCHEMA_VERSION = 2_147_483_647;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const SUBJECT = 'appendToStream';
/** A uuid: 8-4-4-4-12 hex digits (no `i` flag: it makes the match slower). */
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const fail = (field: string, rule: string, message: string): never => {
  throw ValidationError.of(SUBJECT, field, rule, message);
};

const seenBefore = (events: readonly DomainEvent[], i: number): boolean => {
  const id = (events[i] as DomainEvent).id;
  for (let j = 0; j < i; j++) if ((events[j] as DomainEvent).id === id) return true;
  return false;
};

/**
 * Checks the arguments of an append before anything is written: a stream id as `checkStreamId`
 * wants it, a valid expected version, and well-formed event envelopes with distinct uuid ids,
 * types and aggregate ids without U+0000 or lone surrogates, schema versions that fit 32 bits, and
 * payloads and metadata whose strings are storable too (checked when they are copied). Adapters call it
 * first, so every store rejects the same bad input with the same error.
 *
 * @param streamId - The stream id.
 * @param events - The events to append.
 * @param options - The append options.
 * @returns The expected version to check (`'any'` when omitted).
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field (`events.2.id`) and rule.
 *
 * @example
 * ```ts
 * const expected = validateAppend(streamId, events, options); // then check it and write
 * ```
 */
export function validateAppend(
  streamId: unknown,
  events: unknown,
  options: AppendOptions | undefined,
): ExpectedVersion {
  checkStreamId(SUBJECT, streamId);
  const expected = options?.expectedVersion ?? 'any';
  if (
    typeof expected === 'number'
      ? !Number.isSafeInteger(expected) || expected < 0
      : expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists'
  ) {
    fail(
      'expectedVersion',
      'invalid_expected_version',
      "expectedVersion must be a non-negative integer, 'any', 'no_stream' or 'stream_exists'",
    );
  }
  if (!Array.isArray(events)) return fail('events', 'invalid_type', 'events must be an array');
  // Batches of up to 4 compare ids pairwise (cheaper than a Set); larger ones use a Set.
  const ids = events.length > 4 ? new Set<string>() : undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Partial<DomainEvent> | null;
    if (typeof event !== 'object' || event === null) fail(`events.${i}`, 'invalid_type', 'an event must be an object');
    const e = event as Partial<DomainEvent>;
    if (typeof e.id !== 'string' || !UUID_RE.test(e.id))
      fail(`events.${i}.id`, 'invalid_event_id', 'id must be a uuid');
    if (ids !== undefined ? ids.has(e.id as string) : seenBefore(events as readonly DomainEvent[], i)) {
      fail(`events.${i}.id`, 'duplicate_event_id', `id ${e.id} appears twice in the batch`);
    }
    ids?.add(e.id as string);
    if (typeof e.type !== 'string' || e.type.length === 0) {
      fail(`events.${i}.type`, 'invalid_type', 'type must be a non-empty string');
    }
    if (isUnstorableText(e.type as string)) {
      fail(`events.${i}.type`, 'unsupported_character', `type ${UNSTORABLE_MESSAGE}`);
    }
    if (
      typeof e.schemaVersion !== 'number' ||
      !Number.isSafeInteger(e.schemaVersion) ||
      e.schemaVersion < 1 ||
      e.schemaVersion > MAX_SCHEMA_VERSION
    ) {
      fail(
        `events.${i}.schemaVersion`,
        'invalid_schema_version',
        `schemaVersion must be an integer from 1 to ${MAX_SCHEMA_VERSION}`,
      );
    }
    if (typeof e.aggregateId !== 'string' || e.aggregateId.length === 0) {
      fail(`events.${i}.aggregateId`, 'invalid_type', 'aggregateId must be a non-empty string');
    }
    if (isUnstorableText(e.aggregateId as string)) {
      fail(`events.${i}.aggregateId`, 'unsupported_character', `aggregateId ${UNSTORABLE_MESSAGE}`);
    }
    if (typeof e.aggregateVersion !== 'number' || !Number.isSafeInteger(e.aggregateVersion) || e.aggregateVersion < 0) {
      fail(`events.${i}.aggregateVersion`, 'invalid_type', 'aggregateVersion must be a non-negative integer');
    }
    if (typeof e.occurredAt !== 'string' || !ISO_DATE.test(e.occurredAt)) {
      fail(`events.${i}.occurredAt`, 'invalid_date', 'occurredAt must be an ISO 8601 date-time with an offset');
    }
    if (e.payload === undefined) fail(`events.${i}.payload`, 'invalid_type', 'payload is required');
    const metadata = e.metadata;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      fail(`events.${i}.metadata`, 'invalid_type', 'metadata must be an object');
    }
    const { correlationId, causationId } = metadata as Record<string, unknown>;
    if (correlationId !== undefined && (typeof correlationId !== 'string' || correlationId.length === 0)) {
      fail(`events.${i}.metadata.correlationId`, 'invalid_type', 'correlationId must be a non-empty string');
    }
    if (causationId !== undefined && (typeof causationId !== 'string' || causationId.length === 0)) {
      fail(`events.${i}.metadata.causationId`, 'invalid_type', 'causationId must be a non-empty string');
    }
  }
  return expected;
}
