import type { DomainEvent, EventMetadata } from './DomainEvent.js';
import { deepFreeze } from './deepFreeze.js';

/**
 * Returns `event` with `metadata` added under its own metadata (the event's keys win), frozen; the
 * same event when there is nothing to add. @internal
 */
export function stampEvent<TEvent extends DomainEvent>(event: TEvent, metadata: EventMetadata): TEvent {
  let missing = false;
  for (const key in metadata) {
    if (metadata[key] !== undefined && !(key in event.metadata)) {
      missing = true;
      break;
    }
  }
  if (!missing) return event;
  return deepFreeze({ ...event, metadata: { ...metadata, ...event.metadata } });
}
