/**
 * What `findAll` and `count` filter with: a plain predicate, or any object with `isSatisfiedBy`
 * (a `Specification` from `tactical-ddd/specification`).
 *
 * @example
 * ```ts
 * const pending: Criteria<Order> = (order) => order.props.status === 'pending';
 * ```
 */
export type Criteria<T> =
  | ((candidate: T) => boolean)
  | {
      /** Tells whether `candidate` meets the criteria. */
      isSatisfiedBy(candidate: T): boolean;
    };

/** Turns {@link "tactical-ddd".Criteria | Criteria} into a predicate. @internal */
export function toPredicate<T>(criteria: Criteria<T> | undefined): (candidate: T) => boolean {
  if (criteria === undefined) return () => true;
  if (typeof criteria === 'function') return criteria;
  return (candidate) => criteria.isSatisfiedBy(candidate);
}
