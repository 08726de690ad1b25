import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';

/** The longest subject id a key store takes. @internal */
export const MAX_SUBJECT_ID = 256;

/**
 * Checks a data subject's id: a non-empty string of at most 256 characters that PostgreSQL can
 * store. @internal
 *
 * @throws {@link ValidationError} (`invalid_subject`) otherwise.
 */
export function checkSubjectId(subject: string, subjectId: unknown, field = 'subjectId'): string {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > MAX_SUBJECT_ID) {
    throw ValidationError.of(
      subject,
      field,
      'invalid_subject',
      `a data subject id is a non-empty string of at most ${MAX_SUBJECT_ID} characters`,
    );
  }
  if (isUnstorableText(subjectId)) {
    throw ValidationError.of(subject, field, 'invalid_subject', `a data subject id ${UNSTORABLE_MESSAGE}`);
  }
  return subjectId;
}
