import type { EventMetadata } from '../core/DomainEvent.js';

/**
 * What a handler learns about the message it handles: its id and type, the correlation id of the
 * whole conversation, the id of what caused it, the attempt number, and the `metadata` to stamp on
 * every event it causes (pass the context to `store.transaction`, and as `causedBy` when dispatching
 * further commands). Each dispatch makes its own context; what keeps its metadata (a session, a
 * message it causes) takes a copy, so the context is not frozen.
 *
 * @example
 * ```ts
 * commandBus.register(ConfirmOrder, (command, context) =>
 *   store.transaction(async (s) => {
 *     const order = await s.orders.get(command.payload.orderId);
 *     order.confirm(); // its events carry context.metadata when the session commits
 *   }, context),
 * );
 * ```
 */
export interface MessageContext {
  /** The id of the message being handled. */
  readonly messageId: string;
  /** The type of the message being handled. */
  readonly messageType: string;
  /** The id shared by every message of the conversation (the first message's id by default). */
  readonly correlationId: string;
  /** The id of the message or event that caused this one, if any. */
  readonly causationId?: string;
  /** 1 on the first attempt; retries count up. */
  readonly attempt: number;
  /**
   * The metadata for what this message causes: the propagated keys (trace context), the
   * `correlationId`, and this message's id as `causationId`.
   */
  readonly metadata: EventMetadata;
}
