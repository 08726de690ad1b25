import { DomainError } from './DomainError.js';

/**
 * Thrown when a command would break a business rule of an aggregate or entity.
 *
 * `invariant` names the rule (`'order.not_empty'`), so callers and tests can tell rules apart
 * without parsing the message.
 *
 * @example
 * ```ts
 * if (this.props.items.length === 0) {
 *   throw new InvariantViolationError('order.not_empty', 'Cannot confirm an empty order');
 * }
 * ```
 */
export class InvariantViolationError extends DomainError {
  declare readonly name: 'InvariantViolationError';
  declare readonly code: 'core.invariant_violation';
  /** The name of the broken rule. */
  declare readonly invariant: string;

  /**
   * @param invariant - The name of the broken rule, such as `'order.not_empty'`.
   * @param message - A readable sentence for the user; without it, the message names the rule.
   */
  constructor(invariant: string, message?: string, options?: { readonly cause?: unknown }) {
    super(message === undefined || message === '' ? `Invariant violated: ${invariant}` : message, options);
    this.name = 'InvariantViolationError';
    this.code = 'core.invariant_violation';
    this.invariant = invariant;
  }
}
