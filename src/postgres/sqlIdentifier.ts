import { ValidationError } from '../core/ValidationError.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks that `value` is a plain SQL identifier (letters, digits and `_`, not starting with a
 * digit, at most 63 bytes) and returns it; the library then always quotes it. @internal
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming `field`, with rule `invalid_identifier` (or `reserved`
 * for a `pg_` schema).
 */
export function sqlIdentifier(value: unknown, subject: string, field: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value) || value.length > 63) {
    throw ValidationError.of(
      subject,
      field,
      'invalid_identifier',
      `${field} must be an SQL identifier: letters, digits and _, not starting with a digit, at most 63 characters (got ${JSON.stringify(value)})`,
    );
  }
  if (field === 'schema' && value.toLowerCase().startsWith('pg_')) {
    throw ValidationError.of(subject, field, 'reserved', `schema names starting with pg_ are reserved by PostgreSQL`);
  }
  return value;
}

/** Quotes an identifier for SQL text (`my_schema` → `"my_schema"`). @internal */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`. @internal */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}
