import type { Explanation } from './Explanation.js';
import type { Specification } from './Specification.js';

/**
 * Explains why `candidate` does or does not satisfy `specification`: the failed leaves, with
 * their names, field, operator, expected and actual values, and a readable message.
 *
 * @param specification - The specification.
 * @param candidate - The value to test.
 * @returns The {@link Explanation}.
 * @example
 * ```ts
 * const { satisfied, failures } = explain(isOverdue, order);
 * if (!satisfied) throw new InvariantViolationError('order.overdue', failures[0]?.message ?? 'not overdue');
 * ```
 */
export function explain<T>(specification: Specification<T>, candidate: T): Explanation {
  return specification.explain(candidate);
}
