import { Decimal } from 'decimal.js';
import { unreadableInput } from '../core/checkInput.js';
import { ValidationError } from '../core/ValidationError.js';
import { MAX_SAFE } from './MinorUnits.js';

/** A decimal number as `coefficient × 10^-scale`, with `scale ≥ 0`. @internal */
export interface ScaledDecimal {
  readonly coefficient: bigint;
  readonly scale: number;
}

/**
 * The decimal strings the library accepts: an optional minus sign, digits, and optionally a dot
 * followed by digits (`'19.99'`, `'-0.5'`, `'7'`). No exponent, no grouping, no spaces, no `+`.
 */
export const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;

/** The largest decimal exponent a `Decimal` input may have (its digits are written out in full). */
const MAX_EXPONENT = 1000;

/**
 * The longest decimal string read: room for every digit of a value within 10^±1000. Longer text
 * would only cost time (reading digits into a bigint grows faster than linearly).
 */
const MAX_LENGTH = 2048;

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * Reads a decimal from a string in {@link DECIMAL_PATTERN}, a finite JS number (read as the shortest
 * decimal that round-trips to it, which is what `String(n)` prints, so `0.1` is one tenth) or a finite
 * `Decimal`.
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming `field`: `invalid_type`, `too_long` (a string over 2,048
 *   characters), `invalid_format`, `not_finite`
 *   (NaN, ±Infinity), `unsafe_number` (a JS number beyond ±`Number.MAX_SAFE_INTEGER`) or `out_of_range`
 *   (a `Decimal` beyond 10^±1000).
 * @internal
 */
export function parseDecimal(value: unknown, subject: string, field: string): ScaledDecimal {
  if (typeof value === 'string') {
    if (value.length > MAX_LENGTH) {
      throw ValidationError.of(
        subject,
        field,
        'too_long',
        `A decimal string of ${value.length} characters is longer than the ${MAX_LENGTH} allowed`,
      );
    }
    if (!DECIMAL_PATTERN.test(value)) {
      throw ValidationError.of(
        subject,
        field,
        'invalid_format',
        `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} is not a decimal such as "-1234.56"`,
      );
    }
    return fromText(value);
  }
  if (typeof value === 'number') {
    checkNumber(value, subject, field);
    return fromText(String(value));
  }
  if (isDecimal(value, subject)) {
    const decimal = value as Decimal;
    if (!decimal.isFinite()) {
      throw ValidationError.of(subject, field, 'not_finite', `${decimal} is not a finite number`);
    }
    if (!decimal.isZero() && (decimal.e > MAX_EXPONENT || decimal.e < -MAX_EXPONENT)) {
      throw ValidationError.of(
        subject,
        field,
        'out_of_range',
        `${decimal} is beyond 10^±${MAX_EXPONENT}, more digits than any amount needs`,
      );
    }
    return fromText(decimal.toFixed());
  }
  throw ValidationError.of(subject, field, 'invalid_type', `Expected a decimal string, a number or a Decimal`);
}

/** Rejects NaN, ±Infinity and numbers beyond the safe integer range. @internal */
export function checkNumber(value: number, subject: string, field: string): void {
  if (!Number.isFinite(value))
    throw ValidationError.of(subject, field, 'not_finite', `${value} is not a finite number`);
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw ValidationError.of(
      subject,
      field,
      'unsafe_number',
      `${value} is beyond Number.MAX_SAFE_INTEGER, where a JS number is no longer exact: pass a string or a bigint`,
    );
  }
}

function fromText(text: string): ScaledDecimal {
  const match = NUMBER_TEXT.exec(text) as RegExpExecArray;
  const [, sign = '', integer = '', fraction = '', exponentText] = match;
  let digits = integer + fraction;
  let scale = fraction.length - (exponentText === undefined ? 0 : Number(exponentText));
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const coefficient = BigInt(sign + digits);
  return { coefficient: coefficient === 0n ? 0n : coefficient, scale };
}

/** `Decimal.isDecimal`, reporting an object whose getters or Proxy traps throw as unreadable. */
function isDecimal(value: unknown, subject: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return Decimal.isDecimal(value);
  } catch (error) {
    throw unreadableInput(subject, error);
  }
}
