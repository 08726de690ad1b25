import type { DomainEvent, EventMetadata } from './DomainEvent.js';
import { deepFreeze } from './deepFreeze.js';
import type { OutboxEntry } from './Outbox.js';

/**
 * The event (or message) with `extra` metadata over its own, frozen: an observer's trace context
 * replaces the one it carried. @internal
 */
export function addMetadata<TMessage extends Pick<DomainEvent, 'metadata'>>(
  message: TMessage,
  extra: EventMetadata,
): TMessage {
  return deepFreeze({ ...message, metadata: { ...message.metadata, ...extra } });
}

/** An outbox entry (or message) whose event or command has `extra` metadata over its own. @internal */
export function addEntryMetadata<TEntry extends OutboxEntry>(entry: TEntry, extra: EventMetadata): TEntry {
  return entry.kind === 'event'
    ? { ...entry, event: addMetadata(entry.event, extra) }
    : { ...entry, command: addMetadata(entry.command, extra) };
}
