import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cloneDeep } from '../../src/core/cloneDeep.js';
import { defineValueObject } from '../../src/core/defineValueObject.js';
import { ValidationError } from '../../src/core/ValidationError.js';
import { CurrencyMismatchError } from '../../src/money/CurrencyMismatchError.js';
import { type CurrencyCode, currencies } from '../../src/money/currencies.js';
import { ExchangeRate } from '../../src/money/ExchangeRate.js';
import { Money } from '../../src/money/Money.js';
import type { RoundingMode } from '../../src/money/RoundingMode.js';

const usd = (amount: string) => Money.of(amount, 'USD');
/** decimal.js with enough precision to be an exact oracle for these amounts. */
const Exact = Decimal.clone({ precision: 200 });
const exact = (money: Money) => new Exact(money.toJSON().amount);

/** Runs `fn` and returns the ValidationError it throws (failing the test if it throws anything else). */
function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('Money.of', () => {
  it('reads decimal strings exactly, in each currency’s minor unit', () => {
    expect(usd('19.99').toMinorUnits()).toBe(1999n);
    expect(usd('19.9').toJSON()).toEqual({ amount: '19.90', currency: 'USD' });
    expect(usd('7').toJSON()).toEqual({ amount: '7.00', currency: 'USD' });
    expect(usd('-0.05').toMinorUnits()).toBe(-5n);
    expect(Money.of('1999', 'JPY').toJSON()).toEqual({ amount: '1999', currency: 'JPY' });
    expect(Money.of('1.234', 'KWD').toMinorUnits()).toBe(1234n);
    expect(Money.of('0.0001', 'CLF').toJSON()).toEqual({ amount: '0.0001', currency: 'CLF' });
  });

  it('accepts trailing zeros beyond the minor unit, since they change nothing', () => {
    expect(usd('19.9900').equals(usd('19.99'))).toBe(true);
    expect(Money.of('5.000', 'JPY').toMinorUnits()).toBe(5n);
  });

  it('treats -0 as zero', () => {
    expect(usd('-0.00').isZero()).toBe(true);
    expect(Object.is(usd('-0').toMinorUnits(), 0n)).toBe(true);
    expect(usd('-0').toJSON().amount).toBe('0.00');
  });

  it('holds amounts far beyond Number.MAX_SAFE_INTEGER exactly', () => {
    const huge = '123456789012345678901234567890.12';
    expect(usd(huge).toJSON().amount).toBe(huge);
    expect(usd(huge).add(usd('0.01')).toJSON().amount).toBe('123456789012345678901234567890.13');
    expect(usd(huge).toMinorUnits()).toBe(12345678901234567890123456789012n);
  });

  it('reads numbers as the decimal they print as', () => {
    expect(Money.of(19.99, 'USD').toMinorUnits()).toBe(1999n);
    expect(Money.of(-3, 'USD').toMinorUnits()).toBe(-300n);
    expect(Money.of(1e-7, 'CLF', 'up').toJSON().amount).toBe('0.0001');
    expect(Money.of(9007199254740991, 'USD').toMinorUnits()).toBe(900719925474099100n);
  });

  it('accepts a Decimal', () => {
    expect(Money.of(new Decimal('12.34'), 'EUR').toMinorUnits()).toBe(1234n);
  });

  it('rounds extra digits only when given a rounding mode', () => {
    expect(Money.of(0.1 + 0.2, 'USD', 'half-even').equals(usd('0.30'))).toBe(true);
    const error = validationError(() => usd('1.005'));
    expect([error.field, error.rule]).toEqual(['amount', 'too_many_fraction_digits']);
    expect(Money.of('1.005', 'USD', 'half-even').toMinorUnits()).toBe(100n);
    expect(Money.of('1.015', 'USD', 'half-even').toMinorUnits()).toBe(102n);
    expect(Money.of('1.005', 'USD', 'half-up').toMinorUnits()).toBe(101n);
    expect(Money.of('-1.005', 'USD', 'floor').toMinorUnits()).toBe(-101n);
    expect(Money.of('0.5', 'JPY', 'half-even').toMinorUnits()).toBe(0n);
  });

  it.each([
    ['NaN', Number.NaN, 'not_finite'],
    ['Infinity', Number.POSITIVE_INFINITY, 'not_finite'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'not_finite'],
    ['2^53', 2 ** 53, 'unsafe_number'],
    ['-1e20', -1e20, 'unsafe_number'],
    ["'1e400'", '1e400', 'invalid_format'],
    ["'12,50'", '12,50', 'invalid_format'],
    ["'1,000.00'", '1,000.00', 'invalid_format'],
    ["' 5'", ' 5', 'invalid_format'],
    ["'+5'", '+5', 'invalid_format'],
    ["'.5'", '.5', 'invalid_format'],
    ["'5.'", '5.', 'invalid_format'],
    ["''", '', 'invalid_format'],
    ["'NaN'", 'NaN', 'invalid_format'],
    ["'0x10'", '0x10', 'invalid_format'],
    ['0.1 + 0.2 without rounding', 0.1 + 0.2, 'too_many_fraction_digits'],
    ['a Decimal NaN', new Decimal(Number.NaN), 'not_finite'],
    ['a Decimal of 1e9000000000000000', new Decimal('1e9000000000000000'), 'out_of_range'],
    ['a Decimal of 1e-1001', new Decimal('1e-1001'), 'out_of_range'],
    ['null', null, 'invalid_type'],
    ['a bigint', 5n, 'invalid_type'],
    ['an object', { amount: '1' }, 'invalid_type'],
  ])('rejects %s as the amount', (_name, amount, rule) => {
    const error = validationError(() => Money.of(amount as string, 'USD'));
    expect(error.subject).toBe('Money');
    expect(error.field).toBe('amount');
    expect(error.rule).toBe(rule);
  });

  it.each(['usd', 'ZZZ', 'US', '', 'ANG', 'toString', '__proto__'])('rejects the currency code %j', (code) => {
    const error = validationError(() => Money.of('1', code as CurrencyCode));
    expect([error.field, error.rule]).toEqual(['currency', 'unknown_currency']);
  });

  it('rejects an unknown rounding mode', () => {
    const error = validationError(() => Money.of('1.005', 'USD', 'nearest' as RoundingMode));
    expect([error.field, error.rule]).toEqual(['rounding', 'invalid_rounding_mode']);
  });
});

describe('Money.fromMinor and Money.zero', () => {
  it('builds from integer minor units', () => {
    expect(Money.fromMinor(1999n, 'USD').equals(usd('19.99'))).toBe(true);
    expect(Money.fromMinor(-5, 'KWD').toJSON().amount).toBe('-0.005');
    expect(Money.fromMinor(10n ** 30n, 'JPY').toMinorUnits()).toBe(10n ** 30n);
    expect(Money.zero('EUR').equals(Money.of('0', 'EUR'))).toBe(true);
  });

  it.each([
    [1.5, 'not_integer'],
    [Number.NaN, 'not_finite'],
    [2 ** 60, 'unsafe_number'],
    ['12', 'invalid_type'],
  ])('rejects %j minor units', (minor, rule) => {
    const error = validationError(() => Money.fromMinor(minor as number, 'USD'));
    expect([error.field, error.rule]).toEqual(['minor', rule]);
  });

  it('rejects unknown currencies', () => {
    expect(validationError(() => Money.zero('ABC' as CurrencyCode)).rule).toBe('unknown_currency');
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly', () => {
    expect(usd('0.10').add(usd('0.20')).equals(usd('0.30'))).toBe(true);
    expect(usd('10').subtract(usd('12.50')).toJSON().amount).toBe('-2.50');
  });

  it('crosses the safe-integer boundary both ways without losing a unit', () => {
    const edge = Money.fromMinor(9007199254740991n, 'USD');
    const beyond = edge.add(Money.fromMinor(1n, 'USD'));
    expect(beyond.toMinorUnits()).toBe(9007199254740992n);
    expect(beyond.subtract(Money.fromMinor(1n, 'USD')).equals(edge)).toBe(true);
    expect(edge.negate().subtract(Money.fromMinor(2n, 'USD')).toMinorUnits()).toBe(-9007199254740993n);
    expect(beyond.greaterThan(edge)).toBe(true);
    expect(edge.compare(beyond)).toBe(-1);
  });

  it('throws CurrencyMismatchError when currencies known only at run time differ', () => {
    const a: Money = usd('1');
    const b: Money = Money.of('1', 'EUR');
    for (const operation of [() => a.add(b), () => a.subtract(b), () => a.compare(b), () => a.lessThan(b)]) {
      expect(operation).toThrow(CurrencyMismatchError);
    }
    try {
      a.add(b);
    } catch (error) {
      expect(error).toMatchObject({
        name: 'CurrencyMismatchError',
        code: 'money.currency_mismatch',
        operation: 'add',
        expected: 'USD',
        actual: 'EUR',
      });
    }
    expect(() => Money.sum([a, b])).toThrow(CurrencyMismatchError);
    expect(() => Money.max(a, b)).toThrow(CurrencyMismatchError);
  });

  it('negates, takes absolute values and tells signs', () => {
    expect(usd('5').negate().toJSON().amount).toBe('-5.00');
    expect(Object.is(Money.zero('USD').negate().toMinorUnits(), 0n)).toBe(true);
    expect(usd('-5').abs().equals(usd('5'))).toBe(true);
    expect([usd('-1').isNegative(), usd('1').isPositive(), usd('0').isZero()]).toEqual([true, true, true]);
    expect([usd('0').isNegative(), usd('0').isPositive()]).toEqual([false, false]);
  });

  it('compares', () => {
    expect([
      usd('1').lessThan(usd('2')),
      usd('2').lessThanOrEqual(usd('2')),
      usd('1').lessThanOrEqual(usd('0')),
    ]).toEqual([true, true, false]);
    expect([usd('3').greaterThan(usd('2')), usd('2').greaterThanOrEqual(usd('2'))]).toEqual([true, true]);
    expect([usd('1').compare(usd('2')), usd('2').compare(usd('2')), usd('3').compare(usd('2'))]).toEqual([-1, 0, 1]);
  });

  it('sums, and finds the smallest and largest', () => {
    expect(Money.sum([usd('1.10'), usd('2.20'), usd('3.30')]).equals(usd('6.60'))).toBe(true);
    expect(Money.sum([], 'USD').equals(Money.zero('USD'))).toBe(true);
    expect(Money.sum(new Set([usd('1')]), 'USD').equals(usd('1'))).toBe(true);
    const error = validationError(() => Money.sum([] as unknown as [Money<'USD'>]));
    expect([error.field, error.rule]).toEqual(['amounts', 'empty']);
    expect(Money.min(usd('5'), usd('3'), usd('4')).equals(usd('3'))).toBe(true);
    expect(Money.max(usd('5'), usd('3'), usd('7')).equals(usd('7'))).toBe(true);
  });
});

describe('multiply', () => {
  it('multiplies by exact decimal factors, rounding half-even by default', () => {
    expect(usd('100').multiply('1.0825').equals(usd('108.25'))).toBe(true);
    expect(usd('19.99').multiply(3).equals(usd('59.97'))).toBe(true);
    expect(usd('0.05').multiply('0.5').equals(usd('0.02'))).toBe(true); // 2.5 cents → 2
    expect(usd('0.07').multiply('0.5').equals(usd('0.04'))).toBe(true); // 3.5 cents → 4
    expect(usd('0.05').multiply(0.5, 'half-up').equals(usd('0.03'))).toBe(true);
    expect(usd('10').multiply(new Decimal('-0.333')).equals(usd('-3.33'))).toBe(true);
    expect(usd('10').multiply(1e-7, 'up').equals(usd('0.01'))).toBe(true);
    expect(usd('1').multiply('1.000000001', 'up').equals(usd('1.01'))).toBe(true);
    expect(usd('1').multiply('1.000000001').equals(usd('1'))).toBe(true);
  });

  it('agrees with decimal.js for every rounding mode', () => {
    const modes: Record<RoundingMode, Decimal.Rounding> = {
      'half-even': Decimal.ROUND_HALF_EVEN,
      'half-up': Decimal.ROUND_HALF_UP,
      'half-down': Decimal.ROUND_HALF_DOWN,
      up: Decimal.ROUND_UP,
      down: Decimal.ROUND_DOWN,
      ceiling: Decimal.ROUND_CEIL,
      floor: Decimal.ROUND_FLOOR,
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        fc.integer({ min: -(10 ** 9), max: 10 ** 9 }),
        fc.integer({ min: 0, max: 14 }),
        fc.constantFrom(...(Object.keys(modes) as RoundingMode[])),
        (minor, factorDigits, factorScale, mode) => {
          const money = Money.fromMinor(minor, 'USD');
          const factor = new Exact(factorDigits).div(10 ** factorScale);
          const expected = exact(money).times(factor).toDecimalPlaces(2, modes[mode]).toFixed(2);
          expect(money.multiply(factor.toFixed(), mode).toJSON().amount).toBe(expected);
        },
      ),
    );
  });

  it('rejects bad factors and rounding modes', () => {
    for (const [factor, rule] of [
      [Number.NaN, 'not_finite'],
      ['1e3', 'invalid_format'],
      [2 ** 54, 'unsafe_number'],
    ] as const) {
      const error = validationError(() => usd('1').multiply(factor));
      expect([error.field, error.rule]).toEqual(['factor', rule]);
    }
    expect(validationError(() => usd('1').multiply(2, 'round' as RoundingMode)).rule).toBe('invalid_rounding_mode');
  });
});

describe('allocate and split', () => {
  it('splits by integer ratios, the largest remainders first', () => {
    const amounts = (parts: readonly Money[]) => parts.map((part) => part.toJSON().amount);
    expect(amounts(usd('100').allocate([1, 1, 1]))).toEqual(['33.34', '33.33', '33.33']);
    expect(amounts(usd('0.05').allocate([3, 7]))).toEqual(['0.02', '0.03']); // remainders tie: the first part wins
    expect(amounts(usd('0.05').allocate([2, 8]))).toEqual(['0.01', '0.04']);
    expect(amounts(usd('0.01').allocate([1, 99]))).toEqual(['0.00', '0.01']);
    expect(amounts(usd('10').allocate([0, 1, 0, 1]))).toEqual(['0.00', '5.00', '0.00', '5.00']);
  });

  it('splits by decimal ratios given as numbers or strings', () => {
    const amounts = (parts: readonly Money[]) => parts.map((part) => part.toJSON().amount);
    expect(amounts(usd('0.05').allocate([0.7, 0.3]))).toEqual(['0.04', '0.01']);
    expect(amounts(usd('100').allocate(['33.3', '33.3', '33.4']))).toEqual(['33.30', '33.30', '33.40']);
    expect(amounts(usd('1').allocate([0.5, '0.25', 0.25]))).toEqual(['0.50', '0.25', '0.25']);
  });

  it('splits negative amounts as the negation of their absolute value', () => {
    const amounts = (parts: readonly Money[]) => parts.map((part) => part.toJSON().amount);
    expect(amounts(usd('-100').allocate([1, 1, 1]))).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(amounts(usd('-0.01').allocate([1, 1]))).toEqual(['-0.01', '0.00']);
    expect(Object.is(usd('-0.01').allocate([1, 1])[1]?.toMinorUnits(), 0n)).toBe(true);
  });

  it('splits huge amounts exactly', () => {
    const huge = Money.fromMinor(10n ** 30n + 1n, 'USD');
    const parts = huge.allocate([1, 2, 3]);
    expect(Money.sum(parts, 'USD').equals(huge)).toBe(true);
    expect(parts.map((part) => part.toMinorUnits())).toEqual([
      166666666666666666666666666667n,
      333333333333333333333333333334n,
      500000000000000000000000000000n,
    ]);
  });

  it('splits by ratios too large for a JS number, given as strings', () => {
    const parts = usd('1.00').allocate(['12345678901234567890', '0.5', '12345678901234567890']);
    expect(parts.map((part) => part.toJSON().amount)).toEqual(['0.50', '0.00', '0.50']);
    const many = usd('1.00').allocate(Array.from({ length: 30 }, () => 1));
    expect(many.filter((part) => part.equals(usd('0.04')))).toHaveLength(10);
    expect(many.slice(0, 10).every((part) => part.equals(usd('0.04')))).toBe(true);
  });

  it('returns frozen parts, equal neighbours possibly sharing one instance', () => {
    const parts = usd('100').allocate([1, 1, 1]);
    for (const part of parts) expect(Object.isFrozen(part)).toBe(true);
    expect(parts[1]?.equals(parts[2])).toBe(true);
    expect(parts[0]?.equals(parts[1])).toBe(false);
  });

  it('splits into equal shares, the first ones larger', () => {
    expect(
      Money.of('10', 'EUR')
        .split(3)
        .map((part) => part.toJSON().amount),
    ).toEqual(['3.34', '3.33', '3.33']);
    expect(Money.of('5', 'JPY').split(1)[0]?.equals(Money.of('5', 'JPY'))).toBe(true);
  });

  it.each([
    [[], 'ratios', 'empty'],
    [[0, 0], 'ratios', 'all_zero'],
    [['0', '0.0'], 'ratios', 'all_zero'],
    [[1, -1], 'ratios.1', 'negative'],
    [['1', '-0.5'], 'ratios.1', 'negative'],
    [[1, Number.NaN], 'ratios.1', 'not_finite'],
    [[Number.POSITIVE_INFINITY], 'ratios.0', 'not_finite'],
    [['1e3'], 'ratios.0', 'invalid_format'],
    [[1, null], 'ratios.1', 'invalid_type'],
    [Object.assign(new Array<number>(3), { 0: 1, 2: 2 }), 'ratios.1', 'invalid_type'],
  ])('rejects ratios %j', (ratios, field, rule) => {
    const error = validationError(() => usd('10').allocate(ratios as number[]));
    expect([error.field, error.rule]).toEqual([field, rule]);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 60])('rejects split(%j)', (parts) => {
    const error = validationError(() => usd('10').split(parts));
    expect([error.field, error.rule]).toEqual(['parts', 'not_positive_integer']);
  });
});

describe('convert', () => {
  it('converts at an exchange rate, rounding to the target’s minor unit', () => {
    expect(
      Money.of('100', 'EUR')
        .convert(ExchangeRate.of('EUR', 'USD', '1.0825'))
        .equals(usd('108.25')),
    ).toBe(true);
    expect(
      Money.of('100', 'EUR')
        .convert(ExchangeRate.of('EUR', 'JPY', '162.4351'))
        .toJSON(),
    ).toEqual({
      amount: '16244',
      currency: 'JPY',
    });
    expect(
      Money.of('1', 'JPY')
        .convert(ExchangeRate.of('JPY', 'KWD', '0.002'))
        .toJSON().amount,
    ).toBe('0.002');
    expect(
      usd('0.01')
        .convert(ExchangeRate.of('USD', 'EUR', '0.5'))
        .toJSON().amount,
    ).toBe('0.00'); // half-even
    expect(
      usd('0.01')
        .convert(ExchangeRate.of('USD', 'EUR', '0.5'), 'half-up')
        .toJSON().amount,
    ).toBe('0.01');
  });

  it('refuses a rate from another currency', () => {
    const rate: ExchangeRate = ExchangeRate.of('EUR', 'USD', '1.1');
    expect(() => (usd('1') as Money).convert(rate)).toThrow(CurrencyMismatchError);
  });
});

describe('equality, immutability and identity-free values', () => {
  it('is equal by currency and amount', () => {
    expect(usd('1.5').equals(usd('1.50'))).toBe(true);
    expect(usd('1.5').equals(usd('1.51'))).toBe(false);
    expect((usd('1') as Money).equals(Money.of('1', 'EUR'))).toBe(false);
    expect(usd('1').equals(null)).toBe(false);
    expect(usd('1').equals(undefined)).toBe(false);
    expect(Money.fromMinor(2n ** 70n, 'USD').equals(Money.fromMinor(2n ** 70n, 'USD'))).toBe(true);
  });

  it('is frozen', () => {
    const money = usd('1');
    expect(Object.isFrozen(money)).toBe(true);
    expect(() => {
      (money as unknown as { currency: string }).currency = 'EUR';
    }).toThrow(TypeError);
    expect(money.currency).toBe('USD');
  });

  it('works as a prop of a value object and survives the repository’s deep copy', () => {
    class Line extends defineValueObject('Line', z.object({ sku: z.string(), price: Money.schema })) {}
    const a = Line.create({ sku: 'A', price: { amount: '1.50', currency: 'USD' } });
    const b = Line.create({ sku: 'A', price: { amount: '1.5', currency: 'USD' } });
    expect(a.equals(b)).toBe(true);
    const copy = cloneDeep({ total: usd('3') });
    expect(copy.total.equals(usd('3'))).toBe(true);
  });

  it('prints readably', () => {
    expect(String(usd('19.99'))).toBe('19.99 USD');
    expect(usd('19.99').toDecimal().equals(new Decimal('19.99'))).toBe(true);
    expect(usd('-0.05').toDecimal().toString()).toBe('-0.05');
  });

  it('refuses to turn into a primitive, so that < and + cannot silently compare strings', () => {
    const [small, large] = [usd('9'), usd('10')];
    expect(() => (small as unknown as number) < (large as unknown as number)).toThrow(TypeError);
    expect(() => (small as unknown as number) + (large as unknown as number)).toThrow(TypeError);
    expect(`${small}`).toBe('9.00 USD');
  });

  it('narrows with hasCurrency', () => {
    const money: Money = usd('1');
    expect(money.hasCurrency('USD')).toBe(true);
    expect(money.hasCurrency('EUR')).toBe(false);
  });
});

describe('format', () => {
  it('formats with Intl.NumberFormat and the currency’s digits', () => {
    expect(usd('1234.5').format('en-US')).toBe('$1,234.50');
    expect(Money.of('1234.5', 'EUR').format('de-DE')).toBe('1.234,50\u00a0€');
    expect(Money.of('1234', 'JPY').format('en-US')).toBe('¥1,234');
    expect(Money.of('1.234', 'KWD').format('en-US')).toBe('KWD\u00a01.234');
    expect(usd('-5').format('en-US', { currencySign: 'accounting' })).toBe('($5.00)');
    expect(usd('5').format(['en-US'], { currencyDisplay: 'code' })).toBe('USD\u00a05.00');
  });

  it('formats amounts beyond float precision exactly', () => {
    expect(usd('12345678901234567890.01').format('en-US')).toBe('$12,345,678,901,234,567,890.01');
  });
});

describe('JSON', () => {
  it('writes the amount as a decimal string with the currency’s digits', () => {
    expect(JSON.stringify({ total: usd('5') })).toBe('{"total":{"amount":"5.00","currency":"USD"}}');
    expect(Money.of('-0.001', 'BHD').toJSON()).toEqual({ amount: '-0.001', currency: 'BHD' });
  });

  it('reads it back exactly', () => {
    const money = Money.fromJSON({ amount: '19.99', currency: 'USD' });
    expect(money.equals(usd('19.99'))).toBe(true);
    expect(Money.fromJSON(JSON.parse(JSON.stringify(Money.fromMinor(-(10n ** 25n), 'CLF')))).toMinorUnits()).toBe(
      -(10n ** 25n),
    );
  });

  it.each([
    [null, '', 'invalid_type'],
    [[], '', 'invalid_type'],
    ['19.99 USD', '', 'invalid_type'],
    [{ amount: 19.99, currency: 'USD' }, 'amount', 'invalid_type'],
    [{ currency: 'USD' }, 'amount', 'invalid_type'],
    [{ amount: '19.99' }, 'currency', 'unknown_currency'],
    [{ amount: '19.99', currency: 'usd' }, 'currency', 'unknown_currency'],
    [{ amount: '19.999', currency: 'USD' }, 'amount', 'too_many_fraction_digits'],
    [{ amount: '1e3', currency: 'USD' }, 'amount', 'invalid_format'],
    [{ amount: '1', currency: 'USD', scale: 2 }, 'scale', 'unrecognized_keys'],
  ])('rejects %j', (json, field, rule) => {
    const error = validationError(() => Money.fromJSON(json));
    expect([error.field, error.rule]).toEqual([field, rule]);
  });
});

describe('Money.schema', () => {
  it('parses the JSON form into a Money inside other schemas', () => {
    const Order = z.object({ total: Money.schema });
    const order = Order.parse({ total: { amount: '19.99', currency: 'USD' } });
    expect(order.total).toBeInstanceOf(Money);
    expect(order.total.equals(usd('19.99'))).toBe(true);
  });

  it('reports bad money as zod issues at the right path', () => {
    const Order = z.object({ total: Money.schema });
    const cases: [unknown, string][] = [
      [{ total: { amount: '19.999', currency: 'USD' } }, 'too_many_fraction_digits'],
      [{ total: { amount: '19.99', currency: 'ZZZ' } }, 'unknown_currency'],
    ];
    for (const [input, rule] of cases) {
      const result = Order.safeParse(input);
      expect(result.success).toBe(false);
      const issue = result.error?.issues[0];
      expect(issue?.path.slice(0, 1)).toEqual(['total']);
      expect((issue as { params?: { rule?: string } }).params?.rule).toBe(rule);
    }
    expect(Order.safeParse({ total: { amount: '12,50', currency: 'USD' } }).error?.issues[0]?.path).toEqual([
      'total',
      'amount',
    ]);
    expect(Order.safeParse({ total: { amount: 1, currency: 'USD' } }).success).toBe(false);
    expect(Order.safeParse({ total: { amount: '1', currency: 'USD', x: 1 } }).success).toBe(false);
  });
});

// ---- Laws (fast-check) ----

const codes = Object.keys(currencies) as CurrencyCode[];
const anyCurrency = fc.constantFrom(...codes);
const minorUnits = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(BigInt),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
);
const moneyIn = <TCode extends CurrencyCode>(currency: TCode) =>
  minorUnits.map((minor) => Money.fromMinor(minor, currency));
const ratio = fc.oneof(
  fc.nat({ max: 1000 }),
  fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
  fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 1000).toFixed(3)),
);

describe('laws', () => {
  it('allocation parts sum exactly to the amount, zero ratios get zero, and sign is kept', () => {
    fc.assert(
      fc.property(
        moneyIn('USD'),
        fc.array(ratio, { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => Number(x) > 0)),
        (money, ratios) => {
          const parts = money.allocate(ratios);
          expect(parts).toHaveLength(ratios.length);
          expect(Money.sum(parts, 'USD').equals(money)).toBe(true);
          ratios.forEach((r, i) => {
            const part = parts[i] as Money<'USD'>;
            if (Number(r) === 0) expect(part.isZero()).toBe(true);
            if (money.isPositive()) expect(part.isNegative()).toBe(false);
            if (money.isNegative()) expect(part.isPositive()).toBe(false);
          });
          const negated = money.negate().allocate(ratios);
          negated.forEach((part, i) => {
            expect(part.equals((parts[i] as Money<'USD'>).negate())).toBe(true);
          });
        },
      ),
    );
  });

  it('each allocated part is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(moneyIn('EUR'), fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 8 }), (money, ratios) => {
        fc.pre(ratios.some((r) => r > 0));
        const total = ratios.reduce((a, b) => a + b, 0);
        money.allocate(ratios).forEach((part, i) => {
          const share = exact(money)
            .times(ratios[i] as number)
            .div(total);
          expect(exact(part).minus(share).abs().lessThan('0.01')).toBe(true);
        });
      }),
    );
  });

  it('split(n) gives n parts that sum exactly and differ by at most one minor unit', () => {
    fc.assert(
      fc.property(moneyIn('JPY'), fc.integer({ min: 1, max: 40 }), (money, n) => {
        const parts = money.split(n);
        expect(parts).toHaveLength(n);
        expect(Money.sum(parts, 'JPY').equals(money)).toBe(true);
        const first = parts[0] as Money<'JPY'>;
        const spread = Money.max(first, ...parts).subtract(Money.min(first, ...parts));
        expect(spread.toMinorUnits() <= 1n).toBe(true);
      }),
    );
  });

  it('subtract undoes add', () => {
    fc.assert(
      fc.property(
        anyCurrency.chain((c) => fc.tuple(moneyIn(c), moneyIn(c))),
        ([a, b]) => {
          expect(a.add(b).subtract(b).equals(a)).toBe(true);
          expect(a.subtract(b).add(b).equals(a)).toBe(true);
          expect(a.add(b).equals(b.add(a))).toBe(true);
        },
      ),
    );
  });

  it('compare is a total order consistent with equals', () => {
    fc.assert(
      fc.property(moneyIn('USD'), moneyIn('USD'), moneyIn('USD'), (a, b, c) => {
        expect(a.compare(b)).toBe(-b.compare(a) || 0);
        expect(a.compare(b) === 0).toBe(a.equals(b));
        if (a.lessThanOrEqual(b) && b.lessThanOrEqual(c)) expect(a.lessThanOrEqual(c)).toBe(true);
        expect(a.lessThanOrEqual(b) || b.lessThanOrEqual(a)).toBe(true);
        expect(a.compare(b)).toBe(exact(a).cmp(exact(b)));
      }),
    );
  });

  it('JSON round-trips exactly in every currency', () => {
    fc.assert(
      fc.property(anyCurrency.chain(moneyIn), (money) => {
        const copy = Money.fromJSON(JSON.parse(JSON.stringify(money)));
        expect(copy.equals(money)).toBe(true);
        expect(copy.toMinorUnits()).toBe(money.toMinorUnits());
        expect(Money.schema.parse(money.toJSON()).equals(money)).toBe(true);
        expect(Money.of(money.toDecimal(), money.currency).equals(money)).toBe(true);
      }),
    );
  });

  it('multiplying by one is the identity, in every form of one', () => {
    fc.assert(
      fc.property(
        anyCurrency.chain(moneyIn),
        fc.constantFrom<string | number | Decimal>(1, '1', '1.000', new Decimal(1)),
        (money, one) => {
          expect(money.multiply(one).equals(money)).toBe(true);
        },
      ),
    );
  });
});
