import { v7 as uuidv7 } from 'uuid';
import * as z from 'zod';
import { ValidationError } from './ValidationError.js';

declare const idBrand: unique symbol;

/**
 * A branded id: a uuid string that the compiler keeps apart from every other kind of id.
 *
 * @typeParam TName - The name of what the id identifies, such as `'Order'`.
 */
export type Id<TName extends string> = string & { readonly [idBrand]: TName };

/** The id type made by an id definition: `type OrderId = IdOf<typeof OrderId>`. */
export type IdOf<TDefinition extends IdDefinition<string>> = ReturnType<TDefinition['create']>;

/** What {@link "tactical-ddd".defineId | defineId} returns: a namespace of functions for one kind of id. */
export interface IdDefinition<TName extends string> {
  /** The name of what the id identifies. */
  readonly name: TName;
  /** A zod schema that accepts a uuid (any case) and outputs the branded, lower-case id. */
  readonly schema: z.ZodType<Id<TName>, string>;
  /** Makes a new, time-ordered id (uuid v7). */
  create(): Id<TName>;
  /**
   * Validates outside data as an id.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `value` is not a uuid string.
   */
  parse(value: unknown): Id<TName>;
  /** Validates outside data as an id, returning a result instead of throwing. */
  safeParse(value: unknown): { success: true; data: Id<TName> } | { success: false; error: ValidationError };
  /** Tells whether `value` is a version 1-8 uuid string in canonical lower case. */
  is(value: unknown): value is Id<TName>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Defines a kind of id: uuid v7 (time-ordered, index friendly), branded with `name` so that an
 * `OrderId` cannot be passed where a `CustomerId` is expected.
 *
 * @param name - What the id identifies; it also names the subject of validation errors.
 * @returns The id's {@link "tactical-ddd".IdDefinition | IdDefinition}.
 *
 * @example
 * ```ts
 * const OrderId = defineId('Order');
 * type OrderId = IdOf<typeof OrderId>;
 *
 * const id: OrderId = OrderId.create();
 * const fromUrl: OrderId = OrderId.parse(request.params.id); // ValidationError if not a uuid
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineId<const TName extends string>(name: TName): IdDefinition<TName> {
  const subject = `${name}Id`;
  const schema = z
    .uuid({ error: `${subject} must be a uuid`, abort: true })
    // zod's uuid admits the nil and max uuids, which `parse` refuses: the schema must agree with it.
    .refine((value) => UUID.test(value.toLowerCase()), {
      error: `${subject} must be a version 1-8 uuid`,
      params: { rule: 'invalid_format' },
      abort: true,
    })
    .overwrite((value) => value.toLowerCase()) as unknown as z.ZodType<Id<TName>, string>;

  const safeParse = (value: unknown) => {
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      if (UUID.test(lower)) return { success: true as const, data: lower as Id<TName> };
    }
    const result = schema.safeParse(value);
    const error = result.success
      ? ValidationError.of(subject, '', 'invalid_format', `${subject} must be a version 1-8 uuid`)
      : ValidationError.fromZod(subject, result.error);
    return { success: false as const, error };
  };

  return Object.freeze({
    name,
    schema,
    create: () => uuidv7() as Id<TName>,
    parse(value: unknown): Id<TName> {
      const result = safeParse(value);
      if (!result.success) throw result.error;
      return result.data;
    },
    safeParse,
    is: (value: unknown): value is Id<TName> => typeof value === 'string' && UUID.test(value),
  });
}
