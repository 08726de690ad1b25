import type { Operator } from './SpecNode.js';

/**
 * Why a candidate does not satisfy a specification: `satisfied`, and the leaves that decided it.
 *
 * @example
 * ```ts
 * const { satisfied, failures } = isOverdue.explain(order);
 * if (!satisfied) console.log(failures.map((failure) => failure.message).join('; '));
 * ```
 */
export interface Explanation {
  /** Whether the candidate satisfies the specification. */
  readonly satisfied: boolean;
  /** The leaves that made it fail (empty when `satisfied`). */
  readonly failures: readonly Failure[];
}

/**
 * One leaf that made a specification fail.
 *
 * Under a `not`, a leaf fails by holding: `negated` is then `true` (`status` should not have been
 * `'pending'`). For an `or`, every alternative is listed, since all of them failed.
 *
 * @example
 * ```ts
 * const [first] = isOverdue.explain(order).failures;
 * first?.message; // 'isPending: status should be equal to "pending" but is "paid"'
 * ```
 */
export interface Failure {
  /** The leaf's name, when it has one (a predicate always has one). */
  readonly name?: string;
  /** The names of the named specifications around the leaf, outermost first. */
  readonly within: readonly string[];
  /** The field the leaf compares (absent for predicates). */
  readonly field?: string;
  /** The leaf's operator. */
  readonly operator: Exclude<Operator, 'and' | 'or' | 'not'>;
  /** `true` when the leaf had to be false (it sits under an odd number of `not`) but held. */
  readonly negated: boolean;
  /**
   * The operand: a value, an array for `in`/`notIn`, `[low, high]` for `between`; `Date` values
   * as dates and `Money` as `{ amount, currency }`.
   */
  readonly expected?: unknown;
  /** The value found at the field (`undefined` when missing). */
  readonly actual?: unknown;
  /** A readable sentence: `status should be equal to "pending" but is "paid"`. */
  readonly message: string;
}
