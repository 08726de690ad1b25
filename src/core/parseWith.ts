import type { StandardSchemaV1 } from '@standard-schema/spec';
import { cloneDeep } from './cloneDeep.js';
import type { SchemaOutput } from './SchemaTypes.js';
import { UnsupportedSchemaError } from './UnsupportedSchemaError.js';
import { ValidationError, type ZodIssueLike } from './ValidationError.js';

/** What a schema made of an input: its output, or the `ValidationError` naming what is wrong. @internal */
export type ParseResult<TOutput> =
  | { readonly success: true; readonly data: TOutput }
  | { readonly success: false; readonly error: ValidationError };

/** A zod (classic) schema, as the fast path reads it. */
interface ZodSchema<TOutput> {
  readonly _zod: object;
  safeParse(
    input: unknown,
  ): { success: true; data: TOutput } | { success: false; error: { readonly issues: readonly ZodIssueLike[] } };
}

/**
 * Tells whether `schema` is a zod (classic) schema, whose own `safeParse` the library calls. It
 * looks at zod's internals (`_zod`), not at `~standard`: zod builds that property on first read
 * and stores it on the schema, which would change the shape of every schema the library is given.
 * @internal
 */
export function isZodSchema<TOutput = unknown>(
  schema: StandardSchemaV1,
): schema is ZodSchema<TOutput> & StandardSchemaV1 {
  const candidate = schema as Partial<ZodSchema<TOutput>>;
  return typeof candidate._zod === 'object' && typeof candidate.safeParse === 'function';
}

/**
 * Throws an `UnsupportedSchemaError` (`not_a_schema`) unless `schema` is a zod schema or a
 * Standard Schema v1 validator: definitions call it once, so a wrong argument fails where it is
 * given rather than at the first validation.
 * @internal
 */
export function checkSchema(subject: string, schema: unknown): void {
  if (typeof schema === 'object' && schema !== null && isZodSchema(schema as StandardSchemaV1)) return;
  const props = (schema as Partial<StandardSchemaV1> | null | undefined)?.['~standard'];
  if (typeof props === 'object' && props !== null && props.version === 1 && typeof props.validate === 'function')
    return;
  throw new UnsupportedSchemaError(subject, vendorOf(schema), 'not_a_schema');
}

/**
 * Makes the function that validates input with a zod schema (its own `safeParse`: zod's fast path,
 * and `fromZod` errors) or any other Standard Schema v1 validator, synchronously. Definitions make
 * it once: a validator's `~standard` properties are read once, not per input (valibot builds them
 * on every read).
 *
 * An output that is the input object itself (arktype hands back the object it checked) is copied,
 * so that freezing it never freezes the caller's object.
 *
 * @param subject - What is validated (the subject of the errors).
 * @param schema - The schema.
 * @returns The parser; it throws {@link UnsupportedSchemaError} (`async`) when the validator returns a promise.
 * @internal
 */
export function parserOf<TSchema extends StandardSchemaV1>(
  subject: string,
  schema: TSchema,
): (input: unknown) => ParseResult<SchemaOutput<TSchema>> {
  type TOutput = SchemaOutput<TSchema>;
  if (isZodSchema<TOutput>(schema)) {
    return (input) => {
      const result = schema.safeParse(input);
      return result.success ? result : { success: false, error: ValidationError.fromZod(subject, result.error) };
    };
  }
  const props = (schema as StandardSchemaV1<unknown, TOutput>)['~standard'];
  return (input) => {
    const result = props.validate(input);
    if (isPromiseLike(result)) {
      // Settled and ignored: its rejection must not surface as an unhandled one.
      result.then(undefined, () => undefined);
      throw new UnsupportedSchemaError(subject, vendorOf(schema), 'async');
    }
    if (result.issues !== undefined) return { success: false, error: ValidationError.fromStandard(subject, result) };
    const data = result.value;
    return {
      success: true,
      data: data === input && typeof data === 'object' && data !== null ? cloneDeep(data) : data,
    };
  };
}

/**
 * Validates `input` once with `schema`, as {@link parserOf}'s parser does: for the places that
 * validate with a schema they are handed at the time (a mapping's, a result's).
 * @internal
 */
export function parseWith<TSchema extends StandardSchemaV1>(
  subject: string,
  schema: TSchema,
  input: unknown,
): ParseResult<SchemaOutput<TSchema>> {
  return parserOf(subject, schema)(input);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The `vendor` a Standard Schema names, or `'unknown'`. @internal */
export function vendorOf(schema: unknown): string {
  try {
    const vendor = (schema as Partial<StandardSchemaV1> | null | undefined)?.['~standard']?.vendor;
    return typeof vendor === 'string' && vendor !== '' ? vendor.slice(0, 100) : 'unknown';
  } catch {
    return 'unknown';
  }
}
