import type { StandardSchemaV1 } from '@standard-schema/spec';
import { checkInput, unreadableInput } from './checkInput.js';
import { ASK_ZOD, compileSchema } from './compileParse.js';
import { parserOf } from './parseWith.js';
import type { SchemaOutput } from './SchemaTypes.js';
import type { ValidationError } from './ValidationError.js';

/**
 * Makes the function that validates outside input (a value object's props, an event's or a
 * message's payload) with a definition's schema: it returns the schema's output, or the
 * `ValidationError` that says why the input is not valid, and never throws for the input (one that
 * throws while it is read is `unreadable`).
 *
 * The input is checked for forbidden keys and depth (`checkInput`) before the schema reads it. The
 * schema compiled to plain checks (`compileSchema`) decides first where it can; zod runs only for
 * the rest. A closed compiled parser refuses whatever the scan would, so then only an input it
 * does not vouch for is scanned (before zod reads it).
 *
 * @param subject - What is validated (the subject of the errors).
 * @param schema - The schema.
 * @returns The validating function; it throws only `UnsupportedSchemaError` (an asynchronous validator).
 * @internal
 */
export function inputParser<TSchema extends StandardSchemaV1>(
  subject: string,
  schema: TSchema,
): (input: unknown) => SchemaOutput<TSchema> | ValidationError {
  type TOutput = SchemaOutput<TSchema>;
  const compiled = compileSchema(schema);
  const scanFirst = compiled?.closed !== true;
  const parse = parserOf(subject, schema);
  return (input) => {
    try {
      if (scanFirst) {
        const refused = checkInput(subject, input);
        if (refused !== undefined) return refused;
      }
      if (compiled !== undefined) {
        const parsed = compiled.parse(input);
        if (parsed !== ASK_ZOD) return parsed as TOutput;
        if (!scanFirst) {
          const refused = checkInput(subject, input);
          if (refused !== undefined) return refused;
        }
      }
      const result = parse(input);
      return result.success ? result.data : result.error;
    } catch (error) {
      // A getter or Proxy trap of the input threw: outside data that cannot be read is not valid.
      return unreadableInput(subject, error);
    }
  };
}
