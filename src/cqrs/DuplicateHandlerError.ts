import { DomainError } from '../core/DomainError.js';

/**
 * Thrown by `register` when the message type already has a handler: a command or query has
 * exactly one.
 *
 * @example
 * ```ts
 * commandBus.register(ConfirmOrder, confirmOrder);
 * commandBus.register(ConfirmOrder, somethingElse); // DuplicateHandlerError
 * ```
 */
export class DuplicateHandlerError extends DomainError {
  declare readonly name: 'DuplicateHandlerError';
  declare readonly code: 'cqrs.duplicate_handler';
  /** Whether a command or a query got a second handler. */
  declare readonly kind: 'command' | 'query';
  /** The message type that already has a handler. */
  declare readonly messageType: string;

  /**
   * @param kind - `'command'` or `'query'`.
   * @param messageType - The message type that already has a handler.
   */
  constructor(kind: 'command' | 'query', messageType: string) {
    super(`The ${kind} "${messageType}" already has a handler; a ${kind} has exactly one`);
    this.name = 'DuplicateHandlerError';
    this.code = 'cqrs.duplicate_handler';
    this.kind = kind;
    this.messageType = messageType;
  }
}
