import { ValidationError } from './ValidationError.js';

/** How far ahead a message may be scheduled: 100 years. @internal */
export const MAX_SCHEDULE_AHEAD_MS = 100 * 365.25 * 86_400_000;

/**
 * Checks the due time of a scheduled message and returns it as ISO 8601: a valid `Date` between
 * 1970 and 100 years after `now` (a time already past is due at once). @internal
 *
 * @throws {@link ValidationError} (`invalid_type`, `invalid_date`, `too_early`, `too_far`) otherwise.
 */
export function checkDueTime(subject: string, at: unknown, now: number): string {
  if (!(at instanceof Date)) {
    throw ValidationError.of(subject, 'at', 'invalid_type', 'the due time must be a Date');
  }
  const time = at.getTime();
  if (Number.isNaN(time)) throw ValidationError.of(subject, 'at', 'invalid_date', 'the due time is an invalid Date');
  if (time < 0) throw ValidationError.of(subject, 'at', 'too_early', 'the due time must not be before 1970');
  if (time - now > MAX_SCHEDULE_AHEAD_MS) {
    throw ValidationError.of(subject, 'at', 'too_far', 'the due time must be at most 100 years ahead');
  }
  return at.toISOString();
}
