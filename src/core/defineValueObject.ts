import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { unreadableInput } from './checkInput.js';
import { compileEquals } from './compileEquals.js';
import { ASK_ZOD } from './compileParse.js';
import type { DeepReadonly } from './DeepReadonly.js';
import { deepEqual } from './deepEqual.js';
import { deepFreeze } from './deepFreeze.js';
import { hasOnlyPrimitiveFields } from './hasOnlyPrimitiveFields.js';
import { inputParser } from './inputParser.js';
import { checkSchema } from './parseWith.js';
import type { SchemaInput, SchemaOutput } from './SchemaTypes.js';
import { ValidationError } from './ValidationError.js';
import { ValueObject } from './ValueObject.js';

declare const constructToken: unique symbol;
/** Only `create` holds this token, so a defined value object cannot be built around validation. */
interface ConstructToken {
  readonly [constructToken]: true;
}
const token = /*@__PURE__*/ Object.freeze({}) as ConstructToken;

/** The result of a `safeCreate`, shaped like zod's `safeParse` result. */
export type SafeCreateResult<TValue> =
  | { readonly success: true; readonly data: TValue }
  | { readonly success: false; readonly error: ValidationError };

/**
 * The class that {@link "tactical-ddd".defineValueObject | defineValueObject} returns. Extend it to add behaviour; build instances
 * with `create` or `safeCreate`, never with `new`.
 *
 * @typeParam TName - The value object's name, used in error messages.
 * @typeParam TSchema - The schema that validates its props: zod, or any Standard Schema v1 validator.
 */
export interface ValueObjectClass<TName extends string, TSchema extends StandardSchemaV1<unknown, object>> {
  /** @internal Only `create` can construct: it alone holds the token. */
  new (props: SchemaOutput<TSchema>, token: ConstructToken): ValueObject<SchemaOutput<TSchema>>;
  readonly prototype: ValueObject<SchemaOutput<TSchema>>;
  /** The value object's name. */
  readonly valueObjectName: TName;
  /** The schema of the props as it was given, to embed in other schemas of the same library. */
  readonly schema: TSchema;
  /**
   * Validates `input` and returns a frozen instance of the class it is called on.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the first offending field and rule.
   */
  create<TSelf>(this: { readonly prototype: TSelf }, input: SchemaInput<TSchema>): TSelf;
  /** Validates `input` like `create`, returning `{ success, data }` or `{ success, error }`. */
  safeCreate<TSelf>(this: { readonly prototype: TSelf }, input: unknown): SafeCreateResult<TSelf>;
}

/** The props type of a class made by {@link "tactical-ddd".defineValueObject | defineValueObject}. */
export type PropsOf<TClass extends { readonly schema: StandardSchemaV1<unknown, object> }> = DeepReadonly<
  SchemaOutput<TClass['schema']>
>;

/**
 * Defines a value object class backed by a schema: `create` validates (zod, or any Standard
 * Schema v1 validator such as valibot or arktype, with the same `ValidationError`), rejects
 * `__proto__`/`constructor`/`prototype` keys and input nested deeper than 256 levels, and
 * deep-freezes; `equals` is structural and key-order independent; `with` re-validates. Input that
 * cannot be read (a getter that throws) is a `ValidationError` too, from `safeCreate` as well.
 *
 * Use a strict schema (`z.strictObject`) to reject unknown keys; a plain `z.object` strips them, as
 * zod does. zod is the first choice, and the fastest here: common zod object shapes are compiled
 * to plain checks. Another validator must validate synchronously.
 *
 * @param name - The value object's name (the subject of its validation errors).
 * @param schema - The schema of its props: a zod schema, or any Standard Schema v1 validator.
 * @returns A class to extend (or use as is).
 * @throws {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} when `schema` is no schema; from `create`
 * and `safeCreate`, when the validator returns a promise.
 *
 * @example
 * ```ts
 * class Address extends defineValueObject('Address', z.strictObject({
 *   street: z.string().min(1),
 *   city: z.string().min(1),
 * })) {
 *   get label(): string {
 *     return `${this.props.street}, ${this.props.city}`;
 *   }
 * }
 *
 * const home = Address.create({ street: '1 Main St', city: 'Springfield' });
 * home.equals(Address.create({ city: 'Springfield', street: '1 Main St' })); // true
 * Address.safeCreate({ street: '' }).success; // false
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineValueObject<const TName extends string, TSchema extends StandardSchemaV1<unknown, object>>(
  name: TName,
  schema: TSchema,
): ValueObjectClass<TName, TSchema> {
  type TProps = SchemaOutput<TSchema>;
  checkSchema(name, schema);
  const keys = plainObjectKeys(schema);
  const equalProps = keys === undefined ? undefined : compileEquals(keys);
  // Props whose fields are all primitives (or frozen values, such as a Money) need only a shallow freeze.
  const flat = keys !== undefined && hasOnlyPrimitiveFields(schema);
  const freeze: <T>(props: T) => T = flat ? Object.freeze : deepFreeze;
  const { fast, slow } = inputParser(name, schema);
  /** The frozen, valid props, or the error that says why `input` is not valid. */
  const validate = (input: unknown): TProps | ValidationError => {
    if (fast !== undefined) {
      try {
        const parsed = fast(input);
        if (parsed !== ASK_ZOD) return freeze(parsed as TProps);
      } catch (error) {
        return unreadableInput(name, error);
      }
    }
    const props = slow(input);
    return props instanceof ValidationError ? props : freeze(props);
  };

  class DefinedValueObject extends ValueObject<TProps> {
    static readonly valueObjectName = name;
    static readonly schema = schema;

    constructor(props: TProps, key: ConstructToken) {
      if (key !== token) throw new TypeError(`Use ${name}.create(...) to build a ${name}`);
      super(props);
    }

    static create<TSelf>(this: { readonly prototype: TSelf }, input: SchemaInput<TSchema>): TSelf {
      const props = validate(input);
      if (props instanceof ValidationError) throw props;
      return Object.freeze(new (this as unknown as ValueObjectClass<TName, TSchema>)(props, token)) as TSelf;
    }

    static safeCreate<TSelf>(this: { readonly prototype: TSelf }, input: unknown): SafeCreateResult<TSelf> {
      const props = validate(input);
      if (props instanceof ValidationError) return { success: false, error: props };
      const data = Object.freeze(new (this as unknown as ValueObjectClass<TName, TSchema>)(props, token));
      return { success: true, data: data as TSelf };
    }

    protected override propsEqual(other: DeepReadonly<TProps>): boolean {
      if (equalProps === undefined) return deepEqual(this.props, other);
      return equalProps(this.props as Record<string, unknown>, other as Record<string, unknown>);
    }
  }
  Object.defineProperty(DefinedValueObject, 'name', { value: name });
  return DefinedValueObject as unknown as ValueObjectClass<TName, TSchema>;
}

/** The keys of a zod object schema that admits no other keys, else `undefined`. */
function plainObjectKeys(schema: StandardSchemaV1): readonly string[] | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const catchall = schema.def.catchall;
  if (catchall !== undefined && !(catchall instanceof z.ZodNever)) return undefined;
  return Object.freeze(Object.keys(schema.shape));
}
