/**
 * The specification AST, version 1: a plain-JSON discriminated union on `op`. Every query leaf
 * names a `field` (a dotted path over the stored shape of the candidate: an entity's `id` and
 * props, a value object's props, a plain object's fields) and literal operands, so the same tree
 * filters arrays in memory, compiles to parameterised SQL and travels as JSON.
 *
 * Semantics (two-valued, the same in memory and in SQL):
 * - `and`/`or` over `of` (an empty `and` is true, an empty `or` is false), `not` over one node;
 * - `eq`, `in`, `gt`, `gte`, `lt`, `lte`, `between` (inclusive), `contains`, `startsWith`,
 *   `endsWith` are true only when the field holds a value of the literal's kind (a string, a
 *   finite number, a boolean, a `Date`, a `Money`) that meets the comparison: a missing or `null`
 *   field, or a value of another kind, makes them false (SQL: `(expr) IS TRUE`);
 * - `ne` is exactly `not eq` and `notIn` exactly `not in` (SQL: `IS DISTINCT FROM`);
 * - `isNull` is true when the field is `null` or missing;
 * - strings compare by code point and case-sensitively (SQL: `COLLATE "C"`, `LIKE`);
 *   `Money` compares by amount and only with the same currency (another currency: false);
 * - dates compare as instants within years 1 to 9999: a literal outside is refused, a candidate's
 *   `Date` outside is not a date (SQL: ISO 8601 text of the document read as `timestamptz`);
 * - a field path walks objects as JSON holds them: an entity's `id` and props, a value object's
 *   props, a plain object's own fields, a `Money`'s `amount` and `currency`; never into an array
 *   (no index, no `length`) or a string;
 * - `predicate` names an in-memory rule (a function) that has no query form.
 *
 * Any node may carry a `name`, which {@link explain} reports.
 *
 * In SQL (what `toSql` emits, every literal a parameter): `eq` → `col = $1`, `ne` →
 * `col IS DISTINCT FROM $1`, `gt`… → `col > $1`, `between` → `col BETWEEN $1 AND $2`, `in` →
 * `col = ANY($1::text[])` (one array parameter per kind of value, however long the list), `notIn` →
 * `NOT COALESCE(col = ANY($1::text[]), FALSE)`, `contains`/`startsWith`/`endsWith`
 * → `col LIKE $1` with `%`, `_` and `\` escaped in the text, `isNull` → `col IS NULL`; `and`/`or`/
 * `not` as such, with each leaf but `ne`/`notIn`/`isNull` wrapped in `COALESCE(…, FALSE)` so that a
 * NULL field makes it false, as in memory. `{ $date }` is a `timestamptz` parameter; `{ $money }`
 * compares the amount column as `numeric` under `currency = $n`.
 *
 * @example
 * ```ts
 * const node: SpecNode = {
 *   op: 'and',
 *   of: [
 *     { op: 'eq', field: 'status', value: 'pending', name: 'isPending' },
 *     { op: 'lt', field: 'createdAt', value: { $date: '2026-01-01T00:00:00.000Z' } },
 *   ],
 * };
 * ```
 */
export type SpecNode =
  | AndNode
  | OrNode
  | NotNode
  | ComparisonNode
  | MembershipNode
  | BetweenNode
  | TextNode
  | IsNullNode
  | PredicateNode;

/**
 * A literal operand: a string, a finite number, a boolean, or a tagged `Date` or `Money`.
 *
 * @example
 * ```ts
 * const values: Literal[] = ['pending', 100, true, { $date: '2026-01-01T00:00:00.000Z' }];
 * ```
 */
export type Literal = string | number | boolean | DateLiteral | MoneyLiteral;

/**
 * A `Date` in the AST: `{ $date: '2026-01-01T00:00:00.000Z' }` (ISO 8601, UTC).
 *
 * @example
 * ```ts
 * const date: DateLiteral = { $date: new Date().toISOString() };
 * ```
 */
export interface DateLiteral {
  readonly $date: string;
}

/**
 * A `Money` in the AST: `{ $money: { amount: '19.99', currency: 'USD' } }`, as `Money#toJSON()`.
 *
 * @example
 * ```ts
 * const price: MoneyLiteral = { $money: { amount: '19.99', currency: 'USD' } };
 * ```
 */
export interface MoneyLiteral {
  readonly $money: { readonly amount: string; readonly currency: string };
}

/**
 * All of `of` hold (true when `of` is empty).
 *
 * @example
 * ```ts
 * const both: AndNode = { op: 'and', of: [{ op: 'isNull', field: 'note' }, { op: 'gt', field: 'total', value: 1 }] };
 * ```
 */
export interface AndNode {
  readonly op: 'and';
  readonly of: readonly SpecNode[];
  readonly name?: string;
}

/**
 * At least one of `of` holds (false when `of` is empty).
 *
 * @example
 * ```ts
 * const either: OrNode = { op: 'or', of: [{ op: 'eq', field: 'status', value: 'paid' }] };
 * ```
 */
export interface OrNode {
  readonly op: 'or';
  readonly of: readonly SpecNode[];
  readonly name?: string;
}

/**
 * `of` does not hold.
 *
 * @example
 * ```ts
 * const notNull: NotNode = { op: 'not', of: { op: 'isNull', field: 'note' } };
 * ```
 */
export interface NotNode {
  readonly op: 'not';
  readonly of: SpecNode;
  readonly name?: string;
}

/**
 * `field` compared with `value`.
 *
 * @example
 * ```ts
 * const large: ComparisonNode = { op: 'gt', field: 'total', value: 100 };
 * ```
 */
export interface ComparisonNode {
  readonly op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
  readonly field: string;
  readonly value: Literal;
  readonly name?: string;
}

/**
 * `field` is (`in`) or is not (`notIn`) one of `values`.
 *
 * @example
 * ```ts
 * const open: MembershipNode = { op: 'in', field: 'status', values: ['pending', 'paid'] };
 * ```
 */
export interface MembershipNode {
  readonly op: 'in' | 'notIn';
  readonly field: string;
  readonly values: readonly Literal[];
  readonly name?: string;
}

/**
 * `low ≤ field ≤ high`.
 *
 * @example
 * ```ts
 * const teen: BetweenNode = { op: 'between', field: 'age', low: 13, high: 19 };
 * ```
 */
export interface BetweenNode {
  readonly op: 'between';
  readonly field: string;
  readonly low: Literal;
  readonly high: Literal;
  readonly name?: string;
}

/**
 * A string `field` contains, starts with or ends with `value` (case-sensitive).
 *
 * @example
 * ```ts
 * const french: TextNode = { op: 'endsWith', field: 'email', value: '.fr' };
 * ```
 */
export interface TextNode {
  readonly op: 'contains' | 'startsWith' | 'endsWith';
  readonly field: string;
  readonly value: string;
  readonly name?: string;
}

/**
 * `field` is `null` or missing.
 *
 * @example
 * ```ts
 * const noNote: IsNullNode = { op: 'isNull', field: 'note' };
 * ```
 */
export interface IsNullNode {
  readonly op: 'isNull';
  readonly field: string;
  readonly name?: string;
}

/**
 * An in-memory rule, known by its name; it has no query (SQL) form.
 *
 * @example
 * ```ts
 * const overdue: PredicateNode = { op: 'predicate', name: 'isOverdue' };
 * ```
 */
export interface PredicateNode {
  readonly op: 'predicate';
  readonly name: string;
}

/**
 * The leaves that compare a field.
 *
 * @example
 * ```ts
 * const leaf: FieldNode = { op: 'isNull', field: 'note' };
 * ```
 */
export type FieldNode = ComparisonNode | MembershipNode | BetweenNode | TextNode | IsNullNode;

/**
 * Every operator of the AST.
 *
 * @example
 * ```ts
 * const op: Operator = 'between';
 * ```
 */
export type Operator = SpecNode['op'];

/**
 * A specification as JSON: the AST with its format version, as `Specification#toJSON()` writes it
 * and `Specification.fromJSON` reads it.
 *
 * @example
 * ```ts
 * const json: SpecificationJSON = { version: 1, spec: { op: 'eq', field: 'status', value: 'paid' } };
 * ```
 */
export interface SpecificationJSON {
  readonly version: 1;
  readonly spec: SpecNode;
}
