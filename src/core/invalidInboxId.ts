import { isUnstorableText, UNSTORABLE_MESSAGE } from './storableText.js';
import { ValidationError } from './ValidationError.js';

/**
 * The longest consumer name and message id an inbox records, in UTF-16 code units: together at
 * most 2,304 bytes of UTF-8, inside what one PostgreSQL index entry holds.
 */
export const MAX_INBOX_ID_LENGTH = { consumer: 256, messageId: 512 } as const;

/**
 * Why a consumer name or message id cannot be recorded by an inbox, alike in every inbox: not a
 * non-empty string (`invalid_id`), too long (`too_long`), or holding a character PostgreSQL cannot
 * store (`unsupported_character`: a lone surrogate would become U+FFFD, so a different message
 * would be dropped as a duplicate). `undefined` when it can.
 *
 * @param subject - The inbox class, for the error.
 * @param field - The field's path, such as `messages.2.messageId`.
 * @param value - The value given.
 * @param kind - Which length bound applies.
 * @internal
 */
export function invalidInboxId(
  subject: string,
  field: string,
  value: unknown,
  kind: keyof typeof MAX_INBOX_ID_LENGTH,
): ValidationError | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return ValidationError.of(subject, field, 'invalid_id', `${field} must be a non-empty string`);
  }
  const max = MAX_INBOX_ID_LENGTH[kind];
  if (value.length > max)
    return ValidationError.of(subject, field, 'too_long', `${field} must be at most ${max} characters`);
  if (isUnstorableText(value)) {
    return ValidationError.of(subject, field, 'unsupported_character', `${field} ${UNSTORABLE_MESSAGE}`);
  }
  return undefined;
}
