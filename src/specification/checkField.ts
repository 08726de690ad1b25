import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';

const FORBIDDEN = /*@__PURE__*/ new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Tells what is wrong with a field path, if anything: an empty segment (`'a..b'`, `''`) or a
 * prototype key (`__proto__`, `constructor`, `prototype`). @internal
 */
export function fieldProblem(field: string): { rule: string; message: string } | undefined {
  if (isUnstorableText(field)) return { rule: 'unsupported_character', message: `Field ${UNSTORABLE_MESSAGE}` };
  const segments = field.split('.');
  if (segments.some((segment) => segment === '')) {
    return { rule: 'invalid_field', message: `Field "${field}" must be a dotted path without empty segments` };
  }
  const forbidden = segments.find((segment) => FORBIDDEN.has(segment));
  return forbidden === undefined
    ? undefined
    : { rule: 'forbidden_key', message: `Field "${field}" uses the forbidden key "${forbidden}"` };
}

/**
 * Checks a field path given to a builder.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} with rule `invalid_field` or `forbidden_key`.
 * @internal
 */
export function checkField(field: unknown): string {
  if (typeof field !== 'string') {
    throw ValidationError.of('Specification', 'field', 'invalid_type', 'A field must be a string path');
  }
  const problem = fieldProblem(field);
  if (problem !== undefined) throw ValidationError.of('Specification', 'field', problem.rule, problem.message);
  return field;
}
