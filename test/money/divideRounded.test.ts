import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded } from '../../src/money/divideRounded.js';
import { divideRoundedNumber } from '../../src/money/divideRoundedNumber.js';
import { type RoundingMode, roundingModes } from '../../src/money/RoundingMode.js';

// The classic table (Java's RoundingMode documentation): x / 10 for x in tenths.
const table: Record<RoundingMode, readonly number[]> = {
  //           5.5 2.5 1.6 1.1 1.0 -1.0 -1.1 -1.6 -2.5 -5.5
  up: [6, 3, 2, 2, 1, -1, -2, -2, -3, -6],
  down: [5, 2, 1, 1, 1, -1, -1, -1, -2, -5],
  ceiling: [6, 3, 2, 2, 1, -1, -1, -1, -2, -5],
  floor: [5, 2, 1, 1, 1, -1, -2, -2, -3, -6],
  'half-up': [6, 3, 2, 1, 1, -1, -1, -2, -3, -6],
  'half-down': [5, 2, 2, 1, 1, -1, -1, -2, -2, -5],
  'half-even': [6, 2, 2, 1, 1, -1, -1, -2, -2, -6],
};
const tenths = [55, 25, 16, 11, 10, -10, -11, -16, -25, -55];

describe('divideRounded', () => {
  it.each(roundingModes)('rounds %s as the reference table says', (mode) => {
    expect(tenths.map((x) => Number(divideRounded(BigInt(x), 10n, mode)))).toEqual(table[mode]);
    expect(tenths.map((x) => divideRoundedNumber(x, 10, mode))).toEqual(table[mode]);
  });

  it('gives the same answer on numbers and bigints, and never -0', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.constantFrom(...roundingModes),
        (dividend, divisor, mode) => {
          const fromNumber = divideRoundedNumber(dividend, divisor, mode);
          expect(BigInt(fromNumber)).toBe(divideRounded(BigInt(dividend), BigInt(divisor), mode));
          expect(Object.is(fromNumber, -0)).toBe(false);
        },
      ),
    );
  });

  it('stays within one of the exact quotient, on the side the mode asks for', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.constantFrom(...roundingModes),
        (dividend, divisor, mode) => {
          const q = divideRounded(dividend, divisor, mode);
          const error = q * divisor - dividend; // q − exact, times divisor
          expect(error < divisor && error > -divisor).toBe(true);
          if (mode === 'floor') expect(error <= 0n).toBe(true);
          if (mode === 'ceiling') expect(error >= 0n).toBe(true);
          if (mode.startsWith('half')) expect(2n * (error < 0n ? -error : error) <= divisor).toBe(true);
        },
      ),
    );
  });
});
