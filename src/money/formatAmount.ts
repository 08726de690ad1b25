import type { MinorUnits } from './MinorUnits.js';

/**
 * Writes an amount of minor units as a decimal string with exactly `scale` fraction digits
 * (`1999, 2 → '19.99'`, `-5, 2 → '-0.05'`, `7, 0 → '7'`).
 * @internal
 */
export function formatAmount(minor: MinorUnits, scale: number): string {
  const negative = minor < 0;
  const digits = (negative ? -minor : minor).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > scale ? digits : digits.padStart(scale + 1, '0');
  const split = padded.length - scale;
  return `${negative ? '-' : ''}${padded.slice(0, split)}.${padded.slice(split)}`;
}
