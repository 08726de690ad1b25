import { DomainError } from './DomainError.js';

/**
 * Why a schema cannot serve where it was given: `'async'` (its validation returned a promise,
 * and the library's factories validate synchronously), `'not_a_schema'` (it is neither a zod
 * schema nor a Standard Schema v1 validator) or `'zod_only'` (the feature reads zod's own schema
 * structure, such as the JSON Schema drift guard).
 */
export type UnsupportedSchemaReason = 'async' | 'not_a_schema' | 'zod_only';

/**
 * Thrown when a schema given to the library cannot be used there: a validator whose validation is
 * asynchronous, a value that is no schema, or a non-zod schema given to a zod-only feature. It
 * reports a mistake in a definition, not bad data, so it is thrown even by `safeCreate` and
 * `safeParse`.
 *
 * @example
 * ```ts
 * try {
 *   Email.create({ address: 'a@example.com' });
 * } catch (error) {
 *   if (error instanceof UnsupportedSchemaError) console.log(error.reason, error.vendor); // 'async' 'valibot'
 * }
 * ```
 */
export class UnsupportedSchemaError extends DomainError {
  declare readonly name: 'UnsupportedSchemaError';
  declare readonly code: 'core.unsupported_schema';
  /** What the schema was given for, such as `'Email'` or `'OrderPlaced'`. */
  declare readonly subject: string;
  /** The schema library that made it (Standard Schema's `vendor`, such as `'valibot'`), or `'unknown'`. */
  declare readonly vendor: string;
  /** Why it cannot be used. */
  declare readonly reason: UnsupportedSchemaReason;

  /**
   * @param subject - What the schema was given for.
   * @param vendor - The schema library that made it, or `'unknown'`.
   * @param reason - Why it cannot be used.
   */
  constructor(subject: string, vendor: string, reason: UnsupportedSchemaReason) {
    super(`The schema of ${subject} (${vendor}) cannot be used: ${explain[reason]}`);
    this.name = 'UnsupportedSchemaError';
    this.code = 'core.unsupported_schema';
    this.subject = subject;
    this.vendor = vendor;
    this.reason = reason;
  }
}

const explain: Readonly<Record<UnsupportedSchemaReason, string>> = {
  async: 'its validation is asynchronous, and validation here is synchronous',
  not_a_schema: 'it is neither a zod schema nor a Standard Schema v1 validator',
  zod_only: 'this feature needs a zod schema',
};
