import type { EventMetadata } from '../core/DomainEvent.js';
import type { DispatchOptions } from './DispatchOptions.js';
import type { Message } from './Message.js';
import type { MessageContext } from './MessageContext.js';

/**
 * Works out a message's context: its correlation id (given, else the cause's, else the message's
 * own, else its id) and causation id (given, else the cause's id, else the message's own), with
 * the cause's other metadata propagated. @internal
 */
export function contextOf(message: Message, options: DispatchOptions | undefined): MessageContext {
  const own = message.metadata;
  const cause = options?.causedBy;
  const extra = options?.metadata;
  let propagated: EventMetadata = own;
  let correlationId = own.correlationId;
  let causationId = own.causationId;
  if (cause !== undefined) {
    if ('messageId' in cause) {
      correlationId = cause.correlationId;
      causationId = cause.messageId;
    } else {
      correlationId = cause.metadata.correlationId ?? cause.id;
      causationId = cause.id;
    }
    propagated = { ...cause.metadata, ...own };
  }
  if (extra !== undefined) {
    propagated = { ...propagated, ...extra };
    correlationId = extra.correlationId ?? correlationId;
    causationId = extra.causationId ?? causationId;
  }
  correlationId ??= message.id;
  // A literal when there is nothing to propagate (most commands): a spread makes a slower object.
  // Not frozen (freezing costs more than the rest of the context): it is this dispatch's own
  // object, and what keeps it (a session, a message it causes) copies it.
  const metadata = hasKeys(propagated)
    ? { ...propagated, correlationId, causationId: message.id }
    : { correlationId, causationId: message.id };
  return causationId === undefined
    ? { messageId: message.id, messageType: message.type, correlationId, attempt: 1, metadata }
    : { messageId: message.id, messageType: message.type, correlationId, causationId, attempt: 1, metadata };
}

const hasKeys = (value: object): boolean => {
  for (const _ in value) return true;
  return false;
};
