import type { RoundingMode } from './RoundingMode.js';

/**
 * Divides `dividend` by a positive `divisor` exactly and rounds the quotient to an integer with `mode`.
 * @internal
 */
export function divideRounded(dividend: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = dividend / divisor; // truncated toward zero
  const remainder = dividend % divisor; // has the sign of the dividend
  if (remainder === 0n) return quotient;
  const negative = dividend < 0n;
  const awayFromZero = negative ? quotient - 1n : quotient + 1n;
  const twice = (negative ? -remainder : remainder) * 2n;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return awayFromZero;
    case 'ceiling':
      return negative ? quotient : awayFromZero;
    case 'floor':
      return negative ? awayFromZero : quotient;
    case 'half-up':
      return twice >= divisor ? awayFromZero : quotient;
    case 'half-down':
      return twice > divisor ? awayFromZero : quotient;
    case 'half-even':
      return twice > divisor || (twice === divisor && quotient % 2n !== 0n) ? awayFromZero : quotient;
  }
}
