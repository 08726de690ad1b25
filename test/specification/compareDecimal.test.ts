import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal } from '../../src/specification/compareDecimal.js';

describe('compareDecimal', () => {
  const decimal = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat({ max: 6 }), fc.nat({ max: 3 }))
    .map(([negative, digits, scale, padding]) => {
      const text = digits.toString().padStart(scale + 1, '0');
      const whole = text.slice(0, text.length - scale);
      const fraction = text.slice(text.length - scale);
      const written = `${'0'.repeat(padding)}${whole}${scale > 0 ? `.${fraction}${'0'.repeat(padding)}` : ''}`;
      return {
        text: `${negative ? '-' : ''}${written}`,
        value: (negative ? -digits : digits) * 10n ** BigInt(6 - scale),
      };
    });

  it('orders decimal strings exactly as their scaled integers, whatever the padding', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const expected = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
        expect(compareDecimal(a.text, b.text)).toBe(expected);
      }),
    );
  });

  it('treats -0 as 0 and refuses what is not a plain decimal', () => {
    expect(compareDecimal('-0.00', '0')).toBe(0);
    expect(compareDecimal('1e3', '1')).toBeUndefined();
    expect(compareDecimal('1', '.5')).toBeUndefined();
    expect(compareDecimal('NaN', '1')).toBeUndefined();
  });
});
