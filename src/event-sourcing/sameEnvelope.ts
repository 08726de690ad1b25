import type { DomainEvent } from '../core/DomainEvent.js';
import { deepEqual } from '../core/deepEqual.js';

/**
 * Tells whether two events with the same id carry the same content, as the idempotency rule of
 * every event store compares them (a re-append of the same event is a no-op, other content is a
 * `DuplicateEventError`).
 * @internal
 */
export const sameEnvelope = (a: DomainEvent, b: DomainEvent): boolean =>
  a.type === b.type &&
  a.schemaVersion === b.schemaVersion &&
  a.aggregateId === b.aggregateId &&
  a.aggregateVersion === b.aggregateVersion &&
  a.occurredAt === b.occurredAt &&
  deepEqual(a.payload, b.payload) &&
  deepEqual(a.metadata, b.metadata);
