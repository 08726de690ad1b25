import { describe, expectTypeOf, it } from 'vitest';
import { Currency } from '../../src/money/Currency.js';
import type { CurrencyCode } from '../../src/money/currencies.js';
import { ExchangeRate, type ExchangeRateJSON } from '../../src/money/ExchangeRate.js';

describe('ExchangeRate and Currency types', () => {
  it('carry their currency codes', () => {
    const rate = ExchangeRate.of('EUR', 'USD', '1.0825');
    expectTypeOf(rate).toEqualTypeOf<ExchangeRate<'EUR', 'USD'>>();
    expectTypeOf(rate.toJSON()).toEqualTypeOf<ExchangeRateJSON<'EUR', 'USD'>>();
    expectTypeOf(ExchangeRate.fromJSON({})).toEqualTypeOf<ExchangeRate>();
    expectTypeOf(Currency.of('JPY')).toEqualTypeOf<Currency<'JPY'>>();
    expectTypeOf(Currency.of('JPY').code).toEqualTypeOf<'JPY'>();
    // @ts-expect-error not an ISO 4217 code
    ExchangeRate.of('EUR', 'EURO', '1');
    // @ts-expect-error not an ISO 4217 code
    Currency.of('usd');
  });

  it('narrow unknown input with Currency.isCode', () => {
    const input: unknown = 'CHF';
    if (Currency.isCode(input)) expectTypeOf(input).toEqualTypeOf<CurrencyCode>();
  });
});
