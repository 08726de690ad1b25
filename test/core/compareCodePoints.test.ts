import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, unitOrderIsCodePointOrder } from '../../src/core/compareCodePoints.js';
import { compareValues } from '../../src/core/compareValues.js';

const byCodePoint = (a: string, b: string): number => {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number) ? -1 : 1;
  return Math.sign(x.length - y.length);
};
const text = fc.string({ unit: 'binary', maxLength: 6 });

describe('compareCodePoints', () => {
  it('puts an astral character after U+E000–U+FFFF, as PostgreSQL’s C collation does (and `<` does not)', () => {
    expect('😀' < '\uFFFF').toBe(true);
    expect(compareCodePoints('😀', '\uFFFF')).toBe(1);
    expect(compareCodePoints('\uE000', '😀')).toBe(-1);
    expect(compareCodePoints('a', 'ab')).toBe(-1);
    expect(compareCodePoints('ab', 'ab')).toBe(0);
    expect(compareValues('😀', '\uFFFF')).toBe(1);
  });

  it('orders well-formed strings by code point', () => {
    fc.assert(fc.property(text, text, (a, b) => compareCodePoints(a, b) === byCodePoint(a, b)));
  });

  it('agrees with `<` whenever one side has no code unit from U+D800 up', () => {
    fc.assert(
      fc.property(text, fc.string({ maxLength: 6 }), (a, b) => {
        fc.pre(unitOrderIsCodePointOrder(b));
        const units = a < b ? -1 : a > b ? 1 : 0;
        return units === compareCodePoints(a, b);
      }),
    );
  });
});
