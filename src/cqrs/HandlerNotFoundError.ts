import { DomainError } from '../core/DomainError.js';

/**
 * Thrown by `dispatch` when no handler is registered for the message's type.
 *
 * @example
 * ```ts
 * try {
 *   await commandBus.dispatch(ShipOrder({ orderId }));
 * } catch (error) {
 *   if (error instanceof HandlerNotFoundError) console.log(error.messageType); // 'ShipOrder'
 * }
 * ```
 */
export class HandlerNotFoundError extends DomainError {
  declare readonly name: 'HandlerNotFoundError';
  declare readonly code: 'cqrs.handler_not_found';
  /** Whether a command or a query had no handler. */
  declare readonly kind: 'command' | 'query';
  /** The message type that has no handler. */
  declare readonly messageType: string;

  /**
   * @param kind - `'command'` or `'query'`.
   * @param messageType - The message type that has no handler.
   */
  constructor(kind: 'command' | 'query', messageType: string) {
    super(`No handler is registered for the ${kind} "${messageType}"`);
    this.name = 'HandlerNotFoundError';
    this.code = 'cqrs.handler_not_found';
    this.kind = kind;
    this.messageType = messageType;
  }
}
