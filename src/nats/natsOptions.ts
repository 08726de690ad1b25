import { ValidationError } from '../core/ValidationError.js';

/** Checks an integer option from `min` to `max`. @internal */
export function integerBetween(
  subject: string,
  field: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw ValidationError.of(subject, field, 'integer_between', `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}
