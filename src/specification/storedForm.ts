/**
 * What a field holds once stored as JSON, for comparisons between a literal of one kind and a
 * value of the other (a string literal against a `Date`, a `{ $date }` literal against a string):
 * memory compares what SQL compares, the stored form, so `toSql` keeps the meaning of
 * `isSatisfiedBy` even when no schema told the specification which fields are dates.
 */

/**
 * An ISO 8601 date-time with an offset, year 0001 to 9999, every field in range (the day is
 * checked against its month apart): the text SQL casts to a `timestamptz`, and memory parses
 * alike. A regular expression source in the syntax both JavaScript and PostgreSQL read. @internal
 */
export const ISO_DATE_SOURCE =
  '^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$';

const ISO_DATE = new RegExp(ISO_DATE_SOURCE);

/** The shape of every text `Date.prototype.toISOString` writes (years beyond 9999 with six digits and a sign). */
const ISO_STRING = /^(?:[+-]\d{6}|\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether `text` could be some `Date`'s stored text: when not, no `Date` equals it, and compiled
 * equality tests leave the `Date` case out. @internal
 */
export const mayBeStoredText = (text: string): boolean => ISO_STRING.test(text);

/** A `Date` as JSON stores it: its ISO text, or `null` for an invalid date. @internal */
export const storedText = (date: Date): string | null => (Number.isNaN(date.getTime()) ? null : date.toISOString());

/**
 * The instant a stored string stands for when compared with a `{ $date }` literal, in epoch
 * milliseconds, or `NaN` when the string is no ISO 8601 date-time with an offset, or names a day
 * its month does not have. SQL keeps microseconds: a string with non-zero digits past the
 * millisecond lies strictly between two milliseconds, so it reads as `ms + 0.5` (literals are
 * whole milliseconds: it equals none, and orders as SQL orders it). @internal
 */
export function storedTime(text: string): number {
  if (text.length > 40 || !ISO_DATE.test(text)) return Number.NaN;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > days) return Number.NaN;
  const dot = text.indexOf('.');
  const subMillisecond = dot > 0 && /[1-9]/.test(text.slice(dot + 4, dot + 7).replace(/[^0-9]/g, ''));
  return Date.parse(text) + (subMillisecond ? 0.5 : 0);
}
