import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/ValidationError.js';
import { ExchangeRate } from '../../src/money/ExchangeRate.js';
import { Money } from '../../src/money/Money.js';

const ruleOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).rule;
  }
  throw new Error('expected a ValidationError');
};
const total = (parts: readonly Money[]) => parts.reduce((sum, part) => sum + part.toMinorUnits(), 0n);

/** The largest-remainder method written the slow, obvious way (one unit at a time). */
function referenceAllocate(amount: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const negative = amount < 0n;
  const absolute = negative ? -amount : amount;
  const parts = weights.map((w) => (absolute * w) / sum);
  const given = new Set<number>();
  for (let left = absolute - parts.reduce((a, b) => a + b, 0n); left > 0n; left--) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) {
      if (given.has(i)) continue;
      const r = absolute * (weights[i] as bigint) - (parts[i] as bigint) * sum;
      const b = best === -1 ? -1n : absolute * (weights[best] as bigint) - (parts[best] as bigint) * sum;
      if (r > b) best = i;
    }
    given.add(best);
    parts[best] = (parts[best] as bigint) + 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}

describe('allocate and split at scale', () => {
  it('split(n) is allocate of n equal ratios (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 1, max: 300 }), (minor, n) => {
        const amount = Money.fromMinor(minor, 'USD');
        const split = amount.split(n).map((part) => part.toMinorUnits());
        expect(split).toEqual(amount.allocate(new Array<number>(n).fill(1)).map((part) => part.toMinorUnits()));
        expect(split.reduce((a, b) => a + b, 0n)).toBe(minor);
      }),
    );
  });

  it('allocate agrees with the one-unit-at-a-time largest-remainder method (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc
          // Small weights make many equal remainders (the tie rule); up to 60 parts crosses from
          // picking the largest remainders by selection (30 parts or fewer) to sorting them.
          .array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1000 })), {
            minLength: 1,
            maxLength: 60,
          })
          .filter((w) => w.some((x) => x > 0)),
        (minor, weights) => {
          const parts = Money.fromMinor(minor, 'EUR').allocate(weights);
          expect(parts.map((part) => part.toMinorUnits())).toEqual(referenceAllocate(minor, weights.map(BigInt)));
        },
      ),
    );
  });

  it('splits into many parts in linear time and refuses more than a million parts at once', () => {
    const amount = Money.of('1000000.07', 'USD');
    const parts = amount.split(400_000);
    expect(parts).toHaveLength(400_000);
    expect(total(parts)).toBe(100000007n);
    expect(parts[0]?.toMinorUnits()).toBe(251n);
    expect(parts.at(-1)?.toMinorUnits()).toBe(250n);
    expect(ruleOf(() => amount.split(1e9))).toBe('too_big');
    expect(ruleOf(() => amount.split(1_000_001))).toBe('too_big');
    expect(ruleOf(() => amount.allocate(new Array(1e9)))).toBe('too_big');
  });

  it('allocates by 150,000 decimal ratios without a RangeError', () => {
    const ratios = Array.from({ length: 150_000 }, (_, i) => (i % 3 === 0 ? '0.5' : String(i % 7)));
    const parts = Money.of('12345.67', 'USD').allocate(ratios);
    expect(parts).toHaveLength(150_000);
    expect(total(parts)).toBe(1234567n);
  });
});

describe('money parsers are bounded', () => {
  const huge = '9'.repeat(4_000_000);

  it('refuses a decimal string longer than 2,048 characters, fast', () => {
    expect(ruleOf(() => Money.fromJSON({ amount: huge, currency: 'USD' }))).toBe('too_long');
    expect(ruleOf(() => Money.of(`0.${huge}`, 'USD'))).toBe('too_long');
    expect(ruleOf(() => ExchangeRate.fromJSON({ from: 'EUR', to: 'USD', rate: huge }))).toBe('too_long');
    expect(ruleOf(() => Money.of('1', 'USD').multiply(huge))).toBe('too_long');
    expect(ruleOf(() => Money.of('1', 'USD').allocate([huge, 1]))).toBe('too_long');
    expect(Money.of('1'.repeat(1000), 'USD').toJSON().amount).toBe(`${'1'.repeat(1000)}.00`);
  });

  it('refuses a currency that is not a string, though it would read as one', () => {
    const array = ['USD'] as unknown as 'USD';
    expect(ruleOf(() => Money.fromJSON({ amount: '1.00', currency: array }))).toBe('unknown_currency');
    expect(ruleOf(() => Money.of('1.00', array))).toBe('unknown_currency');
    expect(ruleOf(() => Money.fromMinor(1, array))).toBe('unknown_currency');
    expect(ruleOf(() => Money.zero(array))).toBe('unknown_currency');
    expect(ruleOf(() => ExchangeRate.of(array, 'EUR', '1'))).toBe('unknown_currency');
    expect(ruleOf(() => ExchangeRate.fromJSON({ from: 'USD', to: ['EUR'], rate: '1' }))).toBe('unknown_currency');
    expect(Money.schema.safeParse({ amount: '1.00', currency: ['USD'] }).success).toBe(false);
  });
});
