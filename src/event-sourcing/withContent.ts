import type { DomainEvent } from '../core/DomainEvent.js';

/**
 * An event's envelope with another payload and metadata (as a store keeps them: validated, JSON):
 * the fields in the order every store writes them. @internal
 */
export const withContent = (event: DomainEvent, payload: unknown, metadata: DomainEvent['metadata']): DomainEvent => ({
  id: event.id,
  type: event.type,
  schemaVersion: event.schemaVersion,
  aggregateId: event.aggregateId,
  aggregateVersion: event.aggregateVersion,
  occurredAt: event.occurredAt,
  payload,
  metadata,
});
