import type { Entity } from '../core/Entity.js';
import type { ValueObject } from '../core/ValueObject.js';

/**
 * A `Money`-like value: anything whose `toJSON()` is `{ amount, currency }` and that has
 * `compare`, as `Money` from `tactical-ddd/money`.
 *
 * @example
 * ```ts
 * const price: MoneyLike = Money.of('19.99', 'EUR');
 * ```
 */
export interface MoneyLike {
  /** The JSON form: the amount as a decimal string and the currency code. */
  toJSON(): { readonly amount: string; readonly currency: string };
  /** Orders this amount against another of the same currency. */
  compare(other: never): number;
}

/**
 * A value a field leaf can compare with: a string, number, boolean, `Date` or `Money`.
 *
 * @example
 * ```ts
 * const values: Comparable[] = ['pending', 100, true, new Date(), Money.of('1', 'EUR')];
 * ```
 */
export type Comparable = string | number | boolean | Date | MoneyLike;

/**
 * The values with an order (`gt`, `between`…): strings, numbers, dates and money.
 *
 * @example
 * ```ts
 * const bound: Ordered = new Date('2026-01-01');
 * ```
 */
export type Ordered = string | number | Date | MoneyLike;

/**
 * The fields of `T` as stored: an entity's `id` and props, a value object's props, else `T`.
 * Paths of specifications walk these. (Recognised by shape, since `DeepReadonly` props turn
 * nested value objects into look-alikes.)
 *
 * @example
 * ```ts
 * type Stored = FieldsOf<Order>; // { readonly id: OrderId } & OrderProps
 * ```
 */
export type FieldsOf<T> =
  T extends ValueObjectLike<infer TProps>
    ? TProps
    : T extends EntityLike<infer TId, infer TProps>
      ? { readonly id: TId } & Omit<TProps, 'id'>
      : T;

/** The shape of a {@link "tactical-ddd".ValueObject | ValueObject}: `props`, `equals` and `with`. */
export type ValueObjectLike<TProps> = Pick<ValueObject<object>, 'equals' | 'with'> & { readonly props: TProps };
/** The shape of an {@link "tactical-ddd".Entity | Entity}: `id`, `props` and `equals`. */
export type EntityLike<TId, TProps> = Pick<Entity<string, object>, 'equals'> & {
  readonly id: TId;
  readonly props: TProps;
};

/** Values a path stops at (it does not descend into them). */
export type Leaf = Comparable | bigint | symbol | ReadonlyArray<unknown> | ((...args: never[]) => unknown);
/** The remaining-depth counter of path types (five levels). */
export type Depth = [never, 0, 1, 2, 3, 4];
/** The field names of `T` as paths see them. */
export type Key<T> = keyof FieldsOf<T> & string;

/**
 * Every field path of `T` with the type of its value (without `null`/`undefined`), as a union of
 * `{ path, value }`, nested up to five levels (`'address.country'`).
 *
 * @example
 * ```ts
 * type Entry = PathEntry<{ a: { b: number } }>; // { path: 'a'; value: { b: number } } | { path: 'a.b'; value: number }
 * ```
 */
export type PathEntry<T, TDepth extends number = 5> = [TDepth] extends [never]
  ? never
  : { [K in Key<T>]-?: EntryAt<K, NonNullable<FieldsOf<T>[K]>, TDepth> }[Key<T>];

/** The path entries under field `K` of type `V`, down to `TDepth` more levels. */
export type EntryAt<K extends string, V, TDepth extends number> = [V] extends [(...args: never[]) => unknown]
  ? never
  : { readonly path: K; readonly value: V } | ([V] extends [Leaf] ? never : Prefixed<K, PathEntry<V, Depth[TDepth]>>);

/** Path entries of a nested field, prefixed with the field's name. */
export type Prefixed<K extends string, E> = E extends { readonly path: infer P extends string; readonly value: infer V }
  ? { readonly path: `${K}.${P}`; readonly value: V }
  : never;

/**
 * Every field path of `T` (`'status' | 'address' | 'address.country' | …`).
 *
 * @example
 * ```ts
 * const field: Path<Order> = 'address.country';
 * ```
 */
export type Path<T> = unknown extends T ? string : PathEntry<T>['path'];

/**
 * The type at path `P` of `T`, without `null`/`undefined`.
 *
 * @example
 * ```ts
 * type Country = ValueAt<Order, 'address.country'>; // CountryCode
 * ```
 */
export type ValueAt<T, P extends string> = unknown extends T
  ? Comparable
  : Extract<PathEntry<T>, { readonly path: P }>['value'];

/** The `[path, value…]` arguments of a leaf builder whose values must be `TAllowed`. */
export type ArgsWhere<T, TAllowed, TArgs extends 'one' | 'list' | 'range' | 'text'> = unknown extends T
  ? Args<string, TAllowed, TArgs>
  : PathEntry<T> extends infer E
    ? E extends { readonly path: infer P extends string; readonly value: infer V }
      ? [V] extends [TAllowed]
        ? Args<P, V, TArgs>
        : never
      : never
    : never;

/** The argument tuple of a leaf builder for one path. */
export type Args<P, V, TArgs> = TArgs extends 'one'
  ? [field: P, value: V]
  : TArgs extends 'list'
    ? [field: P, values: readonly V[]]
    : TArgs extends 'range'
      ? [field: P, low: V, high: V]
      : [field: P, value: string];

/**
 * The arguments of `eq`/`ne`: a path of `T` and a value of its type.
 *
 * @example
 * ```ts
 * const args: EqualityArgs<Order> = ['status', 'pending'];
 * ```
 */
export type EqualityArgs<T> = ArgsWhere<T, Comparable, 'one'>;
/**
 * The arguments of `gt`/`gte`/`lt`/`lte`: a path of an ordered type and a value of that type.
 *
 * @example
 * ```ts
 * const args: OrderArgs<Order> = ['total', 100];
 * ```
 */
export type OrderArgs<T> = ArgsWhere<T, Ordered, 'one'>;
/**
 * The arguments of `in`/`notIn`: a path of `T` and values of its type.
 *
 * @example
 * ```ts
 * const args: ListArgs<Order> = ['status', ['pending', 'paid']];
 * ```
 */
export type ListArgs<T> = ArgsWhere<T, Comparable, 'list'>;
/**
 * The arguments of `between`: a path of an ordered type and two bounds of that type.
 *
 * @example
 * ```ts
 * const args: RangeArgs<Order> = ['total', 10, 20];
 * ```
 */
export type RangeArgs<T> = ArgsWhere<T, Ordered, 'range'>;
/**
 * The arguments of `contains`/`startsWith`/`endsWith`: a path of a string type and a string.
 *
 * @example
 * ```ts
 * const args: TextArgs<Order> = ['customer.name', 'Ada'];
 * ```
 */
export type TextArgs<T> = ArgsWhere<T, string, 'text'>;
