import { isUnstorableText } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';

const SAFE_SEGMENT = /^[A-Za-z0-9_]+$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Binds a value as the next placeholder, cast to `type`, and returns the placeholder. @internal */
export type Bind = (value: unknown, type: string) => string;

/**
 * The SQL of the value at a dotted field path in a JSONB document: as JSONB (`json`) and as text
 * (`text`). Plain segments are written inline, so that expression indexes such as
 * `((data->>'status'))` match; any other segment is a bound parameter. @internal
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`invalid_field`) for an empty path or segment, a prototype key, or U+0000 or a lone surrogate.
 */
export function jsonPath(
  document: string,
  field: string,
  bind: Bind,
  subject = 'Specification',
  at = 'field',
): {
  json: string;
  text: string;
} {
  const segments = typeof field === 'string' ? field.split('.') : [''];
  if (segments.some((segment) => segment === '' || FORBIDDEN.has(segment) || isUnstorableText(segment))) {
    throw ValidationError.of(subject, at, 'invalid_field', `Invalid field path ${JSON.stringify(field)}`);
  }
  const sql = segments.map((segment) => (SAFE_SEGMENT.test(segment) ? `'${segment}'` : bind(segment, 'text')));
  const parent = [document, ...sql.slice(0, -1)].join('->');
  const last = sql[sql.length - 1] as string;
  return { json: `${parent}->${last}`, text: `${parent}->>${last}` };
}
