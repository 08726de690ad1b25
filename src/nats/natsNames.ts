import { ValidationError } from '../core/ValidationError.js';

/**
 * Checks a JetStream stream or consumer name: 1 to 255 characters, no whitespace, `.`, `*`, `>`,
 * `/` or `\` (the characters the server refuses in a name, or that would split a subject).
 * @internal
 */
export function natsName(subject: string, field: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255 || /[\s.*>/\\]/u.test(value)) {
    throw ValidationError.of(
      subject,
      field,
      'invalid_name',
      `${field} must be 1 to 255 characters without whitespace, '.', '*', '>', '/' or '\\'`,
    );
  }
  return value;
}

/**
 * Checks literal subject tokens (`orders`, `orders.v1`, an event type): non-empty tokens joined
 * by `.`, without whitespace or the wildcards `*` and `>`, at most 1,024 characters.
 * @internal
 */
export function subjectTokens(subject: string, field: string, value: string): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 1024 ||
    /[\s*>]/u.test(value) ||
    value.split('.').some((token) => token.length === 0)
  ) {
    throw ValidationError.of(
      subject,
      field,
      'invalid_subject',
      `${field} must be dot-separated non-empty subject tokens without whitespace, '*' or '>' (got ${JSON.stringify(String(value).slice(0, 80))})`,
    );
  }
  return value;
}

/** The subject of an event: `<prefix>.<partition>.<type>`. @internal */
export const eventSubject = (prefix: string, partition: number, type: string): string =>
  `${prefix}.${partition}.${type}`;

/** The subjects of one partition, for its consumer's filter: `<prefix>.<partition>.>`. @internal */
export const partitionFilter = (prefix: string, partition: number): string => `${prefix}.${partition}.>`;
