import type { Specification } from './Specification.js';

/**
 * Compiles a specification into a plain predicate (once; later calls return the same function).
 *
 * @param specification - The specification.
 * @returns `(candidate) => boolean`, with the same answers as `isSatisfiedBy`.
 * @example
 * ```ts
 * const pending = orders.filter(toPredicate(spec.eq<Order>('status', 'pending')));
 * ```
 */
export function toPredicate<T>(specification: Specification<T>): (candidate: T) => boolean {
  return specification.toPredicate();
}
