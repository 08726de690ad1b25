import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when personal data of a forgotten data subject is about to be stored: its key is gone for
 * good, so nothing new is sealed for it (the commit fails and writes nothing).
 *
 * @example
 * ```ts
 * try {
 *   await keys.keyFor(customerId);
 * } catch (error) {
 *   if (error instanceof SubjectForgottenError) console.log(error.subjectId);
 * }
 * ```
 */
export class SubjectForgottenError extends DomainError {
  declare readonly name: 'SubjectForgottenError';
  declare readonly code: 'event_sourcing.subject_forgotten';
  /** The forgotten subject's id. */
  declare readonly subjectId: string;

  /** @param subjectId - The forgotten subject's id. */
  constructor(subjectId: string) {
    super(`Data subject ${subjectId} was forgotten: no personal data is stored for it any more`);
    this.name = 'SubjectForgottenError';
    this.code = 'event_sourcing.subject_forgotten';
    this.subjectId = subjectId;
  }
}
