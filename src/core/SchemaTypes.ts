/**
 * What a schema accepts: the input type of a zod schema (`z.input`) or of any other Standard
 * Schema v1 validator, read from its `~standard` types.
 *
 * @example
 * ```ts
 * const Quantity = z.object({ count: z.coerce.number() });
 * type QuantityInput = SchemaInput<typeof Quantity>; // { count: unknown }
 * ```
 */
export type SchemaInput<TSchema> = TSchema extends { readonly '~standard': { readonly types?: infer TTypes } }
  ? NonNullable<TTypes> extends { readonly input: infer TInput }
    ? TInput
    : unknown
  : unknown;

/**
 * What a schema returns: the output type of a zod schema (`z.output`) or of any other Standard
 * Schema v1 validator, read from its `~standard` types.
 *
 * @example
 * ```ts
 * const Quantity = v.object({ count: v.number() });
 * type Quantity = SchemaOutput<typeof Quantity>; // { count: number }
 * ```
 */
export type SchemaOutput<TSchema> = TSchema extends { readonly '~standard': { readonly types?: infer TTypes } }
  ? NonNullable<TTypes> extends { readonly output: infer TOutput }
    ? TOutput
    : unknown
  : unknown;
