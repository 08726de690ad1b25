import type { StandardSchemaV1 } from '@standard-schema/spec';
import { checkInput, unreadableInput } from './checkInput.js';
import { ASK_ZOD, type CompiledParse, compileSchema } from './compileParse.js';
import { parserOf } from './parseWith.js';
import type { SchemaOutput } from './SchemaTypes.js';
import type { ValidationError } from './ValidationError.js';

/**
 * How a definition validates outside input (a value object's props, an event's or a message's
 * payload) with its schema. The input is checked for forbidden keys and depth (`checkInput`)
 * before the schema reads it; the schema compiled to plain checks (`compileSchema`) decides first
 * where it can, and zod runs only for the rest.
 *
 * A closed compiled parser refuses whatever the scan would: it is handed out as `fast`, for the
 * definition to call from its own code (so that the call site, and what the engine learns there,
 * is the definition's own, not one shared by every schema), and `slow` then does the rest for an
 * input it does not vouch for (scan, then zod). Without one, `fast` is `undefined` and `slow` does
 * it all.
 * @internal
 */
export interface InputParser<TOutput> {
  /** The compiled parser: the output, or {@link ASK_ZOD}; it throws if reading the input throws. */
  readonly fast: CompiledParse | undefined;
  /** The output, or the `ValidationError` that says why the input is not valid; throws only `UnsupportedSchemaError`. */
  readonly slow: (input: unknown) => TOutput | ValidationError;
}

/**
 * Makes the {@link InputParser} of a definition's schema.
 *
 * @param subject - What is validated (the subject of the errors).
 * @param schema - The schema.
 * @returns Its compiled fast path, if closed, and the rest.
 * @internal
 */
export function inputParser<TSchema extends StandardSchemaV1>(
  subject: string,
  schema: TSchema,
): InputParser<SchemaOutput<TSchema>> {
  type TOutput = SchemaOutput<TSchema>;
  const compiled = compileSchema(schema);
  const fast = compiled?.closed === true ? compiled.parse : undefined;
  // Compiled but not closed: it runs after the scan, before zod.
  const open = fast === undefined ? compiled?.parse : undefined;
  const parse = parserOf(subject, schema);
  const slow = (input: unknown): TOutput | ValidationError => {
    try {
      const refused = checkInput(subject, input);
      if (refused !== undefined) return refused;
      if (open !== undefined) {
        const parsed = open(input);
        if (parsed !== ASK_ZOD) return parsed as TOutput;
      }
      const result = parse(input);
      return result.success ? result.data : result.error;
    } catch (error) {
      // A getter or Proxy trap of the input threw: outside data that cannot be read is not valid.
      return unreadableInput(subject, error);
    }
  };
  return { fast, slow };
}
