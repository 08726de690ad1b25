import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import type { DeleteStreamOptions, ExpectedVersion } from './EventStore.js';
import { validateAppend } from './validateAppend.js';
import { web } from './webCrypto.js';

/** The type of the tombstone event a stream deletion appends. */
export const STREAM_DELETED = '$StreamDeleted';

/**
 * The tombstone event that ends a deleted stream, as `readAll` returns it, so that subscribers
 * learn of the deletion (and can drop what their read models hold of the stream). Its type starts
 * with `$`, which no registered event type can: event stores never validate it with the registry.
 *
 * @example
 * ```ts
 * for (const event of await store.readAll({ fromPosition })) {
 *   if (isStreamDeleted(event)) await readModel.remove(event.aggregateId);
 * }
 * ```
 */
export type StreamDeleted = DomainEvent<'$StreamDeleted', { readonly mode: 'soft' | 'hard' }>;

/**
 * Tells whether an event is a stream's tombstone.
 *
 * @param event - An event read from an event store.
 * @returns Whether it is a {@link StreamDeleted} tombstone.
 * @example
 * ```ts
 * const live = (await store.readAll()).filter((event) => !isStreamDeleted(event));
 * ```
 */
export const isStreamDeleted = (event: DomainEvent): event is StreamDeleted => event.type === STREAM_DELETED;

/** The tombstone of a stream at `version`. @internal */
export function tombstoneOf(
  last: DomainEvent | undefined,
  streamId: string,
  version: number,
  mode: 'soft' | 'hard',
): StreamDeleted {
  return {
    id: web.crypto.randomUUID(), // a tombstone's id needs to be unique, not time-ordered
    type: STREAM_DELETED,
    schemaVersion: 1,
    aggregateId: last?.aggregateId ?? streamId,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    payload: { mode },
    metadata: {},
  };
}

/**
 * Checks the arguments of `deleteStream`. @internal
 *
 * @returns The mode and the expected version.
 * @throws {@link ValidationError} on a malformed stream id, mode or expected version.
 */
export function validateDelete(
  streamId: string,
  options: DeleteStreamOptions | undefined,
): { mode: 'soft' | 'hard'; expected: ExpectedVersion } {
  const expected = validateAppend(streamId, [], { expectedVersion: options?.expectedVersion ?? 'any' });
  const mode = options?.mode ?? 'soft';
  if (mode !== 'soft' && mode !== 'hard') {
    throw ValidationError.of('deleteStream', 'mode', 'invalid_value', `mode must be 'soft' or 'hard'`);
  }
  return { mode, expected };
}
