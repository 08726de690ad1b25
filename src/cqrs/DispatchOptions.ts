import type { DomainEvent, EventMetadata } from '../core/DomainEvent.js';
import type { Message } from './Message.js';
import type { MessageContext } from './MessageContext.js';

/**
 * The options of `dispatch`: what caused the message (its correlation id is carried on, its id
 * becomes the causation id, its other metadata keys such as trace context are propagated), and
 * metadata to add.
 *
 * @example
 * ```ts
 * eventBus.subscribe(OrderConfirmed, (event) =>
 *   commandBus.dispatch(ReserveStock({ orderId: event.aggregateId }), { causedBy: event }),
 * );
 * ```
 */
export interface DispatchOptions {
  /** The event, message, or handler context that caused this message. */
  readonly causedBy?: DomainEvent | Message | MessageContext;
  /** Metadata to add; its `correlationId` and `causationId`, if any, win. */
  readonly metadata?: EventMetadata;
}
