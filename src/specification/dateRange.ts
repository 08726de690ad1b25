/**
 * The dates a specification compares: years 1 to 9999, the range in which `Date#toISOString()`
 * writes a four-digit year and PostgreSQL reads it back as the same instant. A literal outside is
 * refused; a candidate's `Date` outside is not a date to a comparison (the leaf is false), in
 * memory as in SQL.
 */

/** 0001-01-01T00:00:00.000Z in epoch milliseconds. @internal */
export const MIN_DATE_TIME = -62135596800000;
/** 9999-12-31T23:59:59.999Z in epoch milliseconds. @internal */
export const MAX_DATE_TIME = 253402300799999;

/** Whether epoch milliseconds fall in the compared range (false for NaN). @internal */
export const inDateRange = (time: number): boolean => time >= MIN_DATE_TIME && time <= MAX_DATE_TIME;
