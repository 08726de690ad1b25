import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when a message from a broker is not a valid event envelope: not UTF-8 JSON, a field
 * missing or of the wrong type, or rejected by the consumer's own `decode` (an unknown event type,
 * a payload that breaks its schema). Such a message can never succeed, so the broker consumers
 * dead-letter it at once instead of retrying it.
 *
 * @example
 * ```ts
 * try {
 *   decodeMessage(bytes);
 * } catch (error) {
 *   if (error instanceof MessageDecodeError) console.error(error.field, error.rule, error.message);
 * }
 * ```
 */
export class MessageDecodeError extends DomainError {
  declare readonly name: 'MessageDecodeError';
  declare readonly code: 'cqrs.message_decode';
  /** The dotted path of the offending field (`''` when the message as a whole is wrong). */
  declare readonly field: string;
  /** The broken rule: `'invalid_json'`, `'invalid_utf8'`, a zod issue code, or the decoder's rule. */
  declare readonly rule: string;

  /**
   * @param field - The offending field.
   * @param rule - The broken rule.
   * @param message - What is wrong.
   * @param options - `cause`: the underlying error (a `SyntaxError`, a `ValidationError`).
   */
  constructor(field: string, rule: string, message: string, options?: { readonly cause?: unknown }) {
    super(`Invalid message envelope: ${field === '' ? '' : `${field}: `}${message}`, options);
    this.name = 'MessageDecodeError';
    this.code = 'cqrs.message_decode';
    this.field = field;
    this.rule = rule;
  }
}
