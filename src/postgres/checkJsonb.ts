import { ValidationError } from '../core/ValidationError.js';

// "\u0000" in JSON text, not preceded by an odd number of backslashes (which would make it a
// literal backslash followed by "u0000").
const NUL = /(^|[^\\])(\\\\)*\\u0000/;

/**
 * Checks that JSON text can be stored as JSONB, which cannot hold the character U+0000 in a
 * string, and returns it. @internal
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`unsupported_character`) naming `subject` and `field`.
 */
export function checkJsonb(json: string, subject: string, field: string): string {
  if (json.includes('\\u0000') && NUL.test(json)) {
    throw ValidationError.of(
      subject,
      field,
      'unsupported_character',
      'PostgreSQL (JSONB) cannot store the character U+0000 inside a string',
    );
  }
  return json;
}
