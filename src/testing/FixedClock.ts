import type { Clock } from '../core/Clock.js';
import { ValidationError } from '../core/ValidationError.js';

/**
 * A {@link "tactical-ddd".Clock | Clock} that stands still until told to move: `now()` returns the same instant (a fresh
 * `Date` each time) until `advance` or `set`.
 *
 * @example
 * ```ts
 * const clock = new FixedClock('2026-11-25T09:00:00.000Z');
 * const account = new Account(id, { clock });
 * clock.advance(60_000); // one minute later
 * ```
 */
export class FixedClock implements Clock {
  private time: number;

  /**
   * @param start - The instant to start at (a `Date`, an ISO 8601 string or epoch milliseconds).
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `start` is not a valid instant.
   */
  constructor(start: Date | string | number = '2026-01-01T00:00:00.000Z') {
    this.time = toTime(start);
  }

  /** @returns The clock's current instant, as a new `Date`. */
  now(): Date {
    return new Date(this.time);
  }

  /**
   * Moves the clock forward (or back, with a negative number).
   *
   * @param milliseconds - How far to move.
   * @returns This clock.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `milliseconds` is not a finite number.
   */
  advance(milliseconds: number): this {
    if (!Number.isFinite(milliseconds)) {
      throw ValidationError.of('FixedClock', 'milliseconds', 'not_finite', 'milliseconds must be a finite number');
    }
    this.time += milliseconds;
    return this;
  }

  /**
   * Sets the clock to an instant.
   *
   * @param instant - A `Date`, an ISO 8601 string or epoch milliseconds.
   * @returns This clock.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `instant` is not a valid instant.
   */
  set(instant: Date | string | number): this {
    this.time = toTime(instant);
    return this;
  }
}

function toTime(instant: Date | string | number): number {
  const time =
    instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant;
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw ValidationError.of('FixedClock', 'instant', 'invalid_date', 'the instant must be a valid date');
  }
  return time;
}
