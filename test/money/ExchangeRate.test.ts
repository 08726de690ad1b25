import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/ValidationError.js';
import type { CurrencyCode } from '../../src/money/currencies.js';
import { ExchangeRate } from '../../src/money/ExchangeRate.js';

function rejection(fn: () => unknown): [string, string, string] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const { subject, field, rule } = error as ValidationError;
    return [subject, field, rule];
  }
  throw new Error('expected a ValidationError');
}

describe('ExchangeRate', () => {
  it('keeps the currencies and the rate as an exact decimal string', () => {
    const rate = ExchangeRate.of('EUR', 'USD', '1.0825');
    expect(rate.toJSON()).toEqual({ from: 'EUR', to: 'USD', rate: '1.0825' });
    expect(ExchangeRate.of('USD', 'JPY', 151.37).rate).toBe('151.37');
    expect(ExchangeRate.of('USD', 'JPY', new Decimal('0.000001')).rate).toBe('0.000001');
    expect(ExchangeRate.of('USD', 'JPY', '007.50').rate).toBe('7.50');
    expect(Object.isFrozen(rate)).toBe(true);
  });

  it('round-trips through JSON', () => {
    const rate = ExchangeRate.of('GBP', 'CHF', '1.1234567');
    expect(ExchangeRate.fromJSON(JSON.parse(JSON.stringify(rate)))).toEqual(rate);
  });

  it.each([
    [() => ExchangeRate.of('EUR', 'XYZ' as CurrencyCode, '1'), 'to', 'unknown_currency'],
    [() => ExchangeRate.of('eur' as CurrencyCode, 'USD', '1'), 'from', 'unknown_currency'],
    [() => ExchangeRate.of('EUR', 'USD', '0'), 'rate', 'not_positive'],
    [() => ExchangeRate.of('EUR', 'USD', -1.1), 'rate', 'not_positive'],
    [() => ExchangeRate.of('EUR', 'USD', '1,08'), 'rate', 'invalid_format'],
    [() => ExchangeRate.of('EUR', 'USD', Number.NaN), 'rate', 'not_finite'],
    [() => ExchangeRate.fromJSON({ from: 'EUR', to: 'USD', rate: 1.08 }), 'rate', 'invalid_type'],
    [() => ExchangeRate.fromJSON({ from: 'EUR', to: 'USD', rate: '1', at: 'now' }), 'at', 'unrecognized_keys'],
    [() => ExchangeRate.fromJSON('1.08'), '', 'invalid_type'],
  ])('rejects bad input (%#)', (fn, field, rule) => {
    expect(rejection(fn)).toEqual(['ExchangeRate', field, rule]);
  });
});
