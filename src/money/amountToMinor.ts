import { ValidationError } from '../core/ValidationError.js';
import { divideRounded } from './divideRounded.js';
import { MAX_SAFE, type MinorUnits, normalizeMinor, pow10 } from './MinorUnits.js';
import { checkNumber, DECIMAL_PATTERN, parseDecimal } from './parseDecimal.js';
import type { RoundingMode } from './RoundingMode.js';

const SCALES = [1, 10, 100, 1000, 10000];

/**
 * Converts an amount in major units (`'19.99'`, `19.99`, a `Decimal`) to minor units of a currency
 * with `scale` fraction digits. Digits beyond `scale` must be zeros unless `rounding` is given.
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (field `amount`): `invalid_type`, `invalid_format`, `not_finite`,
 *   `unsafe_number` or `too_many_fraction_digits`.
 * @internal
 */
export function amountToMinor(amount: unknown, scale: number, rounding: RoundingMode | undefined): MinorUnits {
  if (typeof amount === 'string' && amount.length <= 16 && DECIMAL_PATTERN.test(amount)) {
    // Fast path: few digits, so the digit string converts to an exact number.
    const dot = amount.indexOf('.');
    const fractionLength = dot === -1 ? 0 : amount.length - dot - 1;
    if (fractionLength <= scale) {
      const digits = dot === -1 ? amount : amount.slice(0, dot) + amount.slice(dot + 1);
      const padding = scale - fractionLength;
      if (digits.length + padding <= 15) {
        const units = Number(digits) * (SCALES[padding] ?? 10 ** padding);
        return units + 0; // never -0
      }
    }
  } else if (typeof amount === 'number' && Number.isInteger(amount)) {
    checkNumber(amount, 'Money', 'amount');
    const units = amount * (SCALES[scale] ?? 10 ** scale);
    if (units <= MAX_SAFE && units >= -MAX_SAFE) return units + 0;
    return normalizeMinor(BigInt(amount) * pow10(scale));
  }
  const { coefficient, scale: digits } = parseDecimal(amount, 'Money', 'amount');
  if (digits <= scale) return normalizeMinor(coefficient * pow10(scale - digits));
  const divisor = pow10(digits - scale);
  if (coefficient % divisor === 0n) return normalizeMinor(coefficient / divisor);
  if (rounding === undefined) {
    throw ValidationError.of(
      'Money',
      'amount',
      'too_many_fraction_digits',
      `${String(amount)} has more than ${scale} fraction digit${scale === 1 ? '' : 's'}: give a rounding mode to round it`,
    );
  }
  return normalizeMinor(divideRounded(coefficient, divisor, rounding));
}
