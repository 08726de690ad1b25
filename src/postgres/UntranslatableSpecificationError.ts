import { DomainError } from '../core/DomainError.js';

/**
 * Thrown by {@link toSql} when a specification holds a `predicate` leaf (an in-memory rule, a
 * function) that has no SQL form. It names the predicate, so the fix is obvious: express it with
 * field comparisons, or filter in memory after a narrower query.
 *
 * @example
 * ```ts
 * try {
 *   toSql(isPending.and(spec.predicate('isOverdue', (o: Order) => o.isOverdue())));
 * } catch (error) {
 *   if (error instanceof UntranslatableSpecificationError) console.log(error.predicate); // 'isOverdue'
 * }
 * ```
 */
export class UntranslatableSpecificationError extends DomainError {
  declare readonly name: 'UntranslatableSpecificationError';
  declare readonly code: 'postgres.untranslatable_specification';
  /** The name of the predicate leaf that has no SQL form. */
  declare readonly predicate: string;

  /** @param predicate - The name of the predicate leaf. */
  constructor(predicate: string) {
    super(
      `The specification uses the predicate "${predicate}", which runs in memory only and has no SQL form; express it with field comparisons, or filter in memory`,
    );
    this.name = 'UntranslatableSpecificationError';
    this.code = 'postgres.untranslatable_specification';
    this.predicate = predicate;
  }
}
