import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { isZodSchema, parserOf } from './parseWith.js';
import type { SchemaInput, SchemaOutput } from './SchemaTypes.js';

/**
 * A zod schema that validates with `schema`, to embed it in a zod schema the library builds (an
 * event's or a message's envelope): a zod schema is used as it is; any other Standard Schema v1
 * validator is wrapped, its issues reported as zod custom issues under the embedding path, each
 * with its rule in `params.rule` (as {@link "tactical-ddd".ValidationError.fromStandard | ValidationError.fromStandard} names it).
 *
 * @throws {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} (`async`), from the parse, when the validator returns a promise.
 * @internal
 */
export function embedSchema<TSchema extends StandardSchemaV1>(
  subject: string,
  schema: TSchema,
): z.ZodType<SchemaOutput<TSchema>, SchemaInput<TSchema>> {
  type TOutput = SchemaOutput<TSchema>;
  if (isZodSchema(schema)) return schema as unknown as z.ZodType<TOutput, SchemaInput<TSchema>>;
  const parse = parserOf(subject, schema);
  return z.custom<unknown>().transform((value, ctx): TOutput => {
    const result = parse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path], params: { rule: issue.rule } });
    }
    return z.NEVER;
  }) as unknown as z.ZodType<TOutput, SchemaInput<TSchema>>;
}
