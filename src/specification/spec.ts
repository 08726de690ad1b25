import { checkField } from './checkField.js';
import { encodeLiteral } from './encodeLiteral.js';
import type { EqualityArgs, ListArgs, OrderArgs, Path, RangeArgs, TextArgs } from './Path.js';
import { Specification } from './Specification.js';
import type { ComparisonNode, Literal, SpecNode, TextNode } from './SpecNode.js';

/**
 * The builders of specifications over candidates of type `T`. Paths (`'address.country'`) are
 * checked against `T`, nested up to five levels, and values against the type at the path.
 *
 * @example
 * ```ts
 * const order: SpecBuilder<Order> = spec.for<Order>();
 * const rule = order.eq('status', 'pending').and(order.gt('total', 100));
 * ```
 */
export interface SpecBuilder<T> {
  /** The field equals the value. */
  eq(...args: EqualityArgs<T>): Specification<T>;
  /** The field does not equal the value (exactly `not eq`: a missing field qualifies). */
  ne(...args: EqualityArgs<T>): Specification<T>;
  /** The field is greater than the value. */
  gt(...args: OrderArgs<T>): Specification<T>;
  /** The field is greater than or equal to the value. */
  gte(...args: OrderArgs<T>): Specification<T>;
  /** The field is less than the value. */
  lt(...args: OrderArgs<T>): Specification<T>;
  /** The field is less than or equal to the value. */
  lte(...args: OrderArgs<T>): Specification<T>;
  /** The field equals one of the values. */
  in(...args: ListArgs<T>): Specification<T>;
  /** The field equals none of the values (exactly `not in`). */
  notIn(...args: ListArgs<T>): Specification<T>;
  /** `low ≤ field ≤ high`. */
  between(...args: RangeArgs<T>): Specification<T>;
  /** The string field contains the text (case-sensitive). */
  contains(...args: TextArgs<T>): Specification<T>;
  /** The string field starts with the text (case-sensitive). */
  startsWith(...args: TextArgs<T>): Specification<T>;
  /** The string field ends with the text (case-sensitive). */
  endsWith(...args: TextArgs<T>): Specification<T>;
  /** The field is `null` or missing. */
  isNull(field: Path<T>): Specification<T>;
  /**
   * An in-memory rule that has no query form; it works with `isSatisfiedBy` and `explain`, and
   * makes the specification not translatable (`toSql` refuses it, naming it).
   */
  predicate(name: string, test: (candidate: T) => boolean): Specification<T>;
  /** All of the specifications hold. */
  all(specs: readonly Specification<T>[]): Specification<T>;
  /** At least one of the specifications holds. */
  any(specs: readonly Specification<T>[]): Specification<T>;
  /** The specification does not hold. */
  not(specification: Specification<T>): Specification<T>;
}

const comparison =
  (op: ComparisonNode['op']) =>
  (field: string, value: unknown): Specification<never> =>
    leaf({ op, field: checkField(field), value: encodeLiteral(field, value) });

const membership =
  (op: 'in' | 'notIn') =>
  (field: string, values: readonly unknown[]): Specification<never> => {
    checkField(field);
    if (!Array.isArray(values)) throw new TypeError(`${op}() takes an array of values`);
    return leaf({ op, field, values: Object.freeze(values.map((value) => encodeLiteral(field, value))) });
  };

const text =
  (op: TextNode['op']) =>
  (field: string, value: string): Specification<never> =>
    leaf({ op, field: checkField(field), value: encodeLiteral(field, String(value)) as string });

function leaf(node: SpecNode): Specification<never> {
  return new Specification(Object.freeze(node));
}

const builders: SpecBuilder<never> = {
  eq: comparison('eq') as SpecBuilder<never>['eq'],
  ne: comparison('ne') as SpecBuilder<never>['ne'],
  gt: comparison('gt') as SpecBuilder<never>['gt'],
  gte: comparison('gte') as SpecBuilder<never>['gte'],
  lt: comparison('lt') as SpecBuilder<never>['lt'],
  lte: comparison('lte') as SpecBuilder<never>['lte'],
  in: membership('in') as SpecBuilder<never>['in'],
  notIn: membership('notIn') as SpecBuilder<never>['notIn'],
  between: ((field: string, low: unknown, high: unknown) =>
    leaf({
      op: 'between',
      field: checkField(field),
      low: encodeLiteral(field, low) as Literal,
      high: encodeLiteral(field, high) as Literal,
    })) as SpecBuilder<never>['between'],
  contains: text('contains') as SpecBuilder<never>['contains'],
  startsWith: text('startsWith') as SpecBuilder<never>['startsWith'],
  endsWith: text('endsWith') as SpecBuilder<never>['endsWith'],
  isNull: (field) => leaf({ op: 'isNull', field: checkField(field) }),
  predicate: (name, test) => {
    if (typeof name !== 'string' || name === '') throw new TypeError('A predicate needs a non-empty name');
    if (typeof test !== 'function') throw new TypeError(`The predicate "${name}" needs a function`);
    return new Specification(Object.freeze({ op: 'predicate', name }), new Map([[name, test]]));
  },
  all: (specs) => Specification.all(specs),
  any: (specs) => Specification.any(specs),
  not: (specification) => specification.not(),
};

/**
 * The builders, each generic in the candidates' type `T`; see {@link SpecBuilder}.
 *
 * @example
 * ```ts
 * const isPending: Specification<Order> = spec.eq<Order>('status', 'pending');
 * ```
 */
export interface Spec {
  /** The field equals the value: `spec.eq<Order>('status', 'pending')`. */
  eq<T = unknown>(...args: EqualityArgs<T>): Specification<T>;
  /** The field does not equal the value (exactly `not eq`: a missing field qualifies). */
  ne<T = unknown>(...args: EqualityArgs<T>): Specification<T>;
  /** The field is greater than the value: `spec.gt<Order>('total', 100)`. */
  gt<T = unknown>(...args: OrderArgs<T>): Specification<T>;
  /** The field is greater than or equal to the value. */
  gte<T = unknown>(...args: OrderArgs<T>): Specification<T>;
  /** The field is less than the value. */
  lt<T = unknown>(...args: OrderArgs<T>): Specification<T>;
  /** The field is less than or equal to the value. */
  lte<T = unknown>(...args: OrderArgs<T>): Specification<T>;
  /** The field equals one of the values. */
  in<T = unknown>(...args: ListArgs<T>): Specification<T>;
  /** The field equals none of the values (exactly `not in`). */
  notIn<T = unknown>(...args: ListArgs<T>): Specification<T>;
  /** `low ≤ field ≤ high`. */
  between<T = unknown>(...args: RangeArgs<T>): Specification<T>;
  /** The string field contains the text (case-sensitive). */
  contains<T = unknown>(...args: TextArgs<T>): Specification<T>;
  /** The string field starts with the text (case-sensitive). */
  startsWith<T = unknown>(...args: TextArgs<T>): Specification<T>;
  /** The string field ends with the text (case-sensitive). */
  endsWith<T = unknown>(...args: TextArgs<T>): Specification<T>;
  /** The field is `null` or missing. */
  isNull<T = unknown>(field: Path<T>): Specification<T>;
  /** An in-memory rule with no query form, named for explanations and errors. */
  predicate<T = unknown>(name: string, test: (candidate: T) => boolean): Specification<T>;
  /** All of the specifications hold (always, for an empty list). */
  all<T>(specs: readonly Specification<T>[]): Specification<T>;
  /** At least one of the specifications holds (never, for an empty list). */
  any<T>(specs: readonly Specification<T>[]): Specification<T>;
  /** The specification does not hold. */
  not<T>(specification: Specification<T>): Specification<T>;
  /** The same builders with `T` fixed once: `const order = spec.for<Order>(); order.eq('status', 'pending')`. */
  for<T>(): SpecBuilder<T>;
}

/**
 * Builds specifications: field comparisons on typed paths of `T` (query leaves, which compile to
 * a fast predicate, to SQL and to JSON), in-memory predicates, and their combinations.
 *
 * Values: strings, finite numbers, booleans, `Date`s and `Money`. A bad value or path throws.
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the field and rule for a bad path (`invalid_field`,
 * `forbidden_key`) or value (`not_finite`, `invalid_date`, `invalid_money`, `unsupported_value`).
 * @example
 * ```ts
 * const isOverdue = spec
 *   .eq<Order>('status', 'pending')
 *   .and(spec.lt<Order>('createdAt', new Date(clock.now().getTime() - 7 * 86_400_000)))
 *   .named('isOverdue');
 * const inFrance = spec.for<Order>().eq('address.country', 'FR');
 * ```
 */
export const spec: Spec = /*@__PURE__*/ Object.freeze({
  ...(builders as unknown as Omit<Spec, 'for'>),
  for: <T>() => builders as unknown as SpecBuilder<T>,
});
