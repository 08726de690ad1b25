import type { RoundingMode } from './RoundingMode.js';

/**
 * Divides the safe integer `dividend` by a positive safe integer `divisor` exactly and rounds the
 * quotient to an integer with `mode`: the `number` twin of `divideRounded`.
 * @internal
 */
export function divideRoundedNumber(dividend: number, divisor: number, mode: RoundingMode): number {
  let quotient = Math.trunc(dividend / divisor);
  let remainder = dividend - quotient * divisor; // exact: both terms are safe integers
  // The float division may land one off next to an integer: correct it.
  if (dividend >= 0 ? remainder < 0 : remainder > 0) {
    quotient += dividend >= 0 ? -1 : 1;
    remainder = dividend - quotient * divisor;
  } else if (remainder >= divisor || remainder <= -divisor) {
    quotient += dividend >= 0 ? 1 : -1;
    remainder = dividend - quotient * divisor;
  }
  if (remainder === 0) return quotient + 0; // never -0
  const negative = dividend < 0;
  const awayFromZero = negative ? quotient - 1 : quotient + 1;
  const twice = (negative ? -remainder : remainder) * 2;
  let result: number;
  switch (mode) {
    case 'down':
      result = quotient;
      break;
    case 'up':
      result = awayFromZero;
      break;
    case 'ceiling':
      result = negative ? quotient : awayFromZero;
      break;
    case 'floor':
      result = negative ? awayFromZero : quotient;
      break;
    case 'half-up':
      result = twice >= divisor ? awayFromZero : quotient;
      break;
    case 'half-down':
      result = twice > divisor ? awayFromZero : quotient;
      break;
    case 'half-even':
      result = twice > divisor || (twice === divisor && quotient % 2 !== 0) ? awayFromZero : quotient;
      break;
  }
  return result + 0; // never -0
}
