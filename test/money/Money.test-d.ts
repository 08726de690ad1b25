import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type { CurrencyCode } from '../../src/money/currencies.js';
import { ExchangeRate } from '../../src/money/ExchangeRate.js';
import { Money } from '../../src/money/Money.js';
import type { MoneyJSON } from '../../src/money/moneySchema.js';

const usd = Money.of('1.00', 'USD');
const eur = Money.of('1.00', 'EUR');

describe('Money types', () => {
  it('carries the currency code as a literal type', () => {
    expectTypeOf(usd).toEqualTypeOf<Money<'USD'>>();
    expectTypeOf(Money.fromMinor(100n, 'JPY')).toEqualTypeOf<Money<'JPY'>>();
    expectTypeOf(Money.zero('KWD')).toEqualTypeOf<Money<'KWD'>>();
    expectTypeOf(usd.currency).toEqualTypeOf<'USD'>();
    expectTypeOf(usd.add(usd)).toEqualTypeOf<Money<'USD'>>();
    expectTypeOf(usd.allocate([1, 1])).toEqualTypeOf<readonly Money<'USD'>[]>();
    expectTypeOf(usd.toMinorUnits()).toEqualTypeOf<bigint>();
    expectTypeOf(usd.toJSON()).toEqualTypeOf<MoneyJSON<'USD'>>();
  });

  it('does not compile arithmetic or comparison across currencies', () => {
    // @ts-expect-error USD plus EUR
    usd.add(eur);
    // @ts-expect-error USD minus EUR
    usd.subtract(eur);
    // @ts-expect-error comparing USD with EUR
    usd.compare(eur);
    // @ts-expect-error comparing USD with EUR
    usd.lessThan(eur);
    // @ts-expect-error summing USD and EUR
    Money.sum([usd, eur]);
    // @ts-expect-error the smallest of USD and EUR
    Money.min(usd, eur);
    // @ts-expect-error the largest of USD and EUR
    Money.max(usd, eur);
    // @ts-expect-error an empty list needs a currency
    Money.sum([] as Money<'USD'>[]);
    expectTypeOf(Money.sum([] as Money<'USD'>[], 'USD')).toEqualTypeOf<Money<'USD'>>();
  });

  it('does not compile unknown currency codes', () => {
    // @ts-expect-error not an ISO 4217 code
    Money.of('1', 'ZZZ');
    // @ts-expect-error codes are upper case
    Money.zero('usd');
    // @ts-expect-error a string is not a CurrencyCode
    Money.of('1', 'USD' as string);
  });

  it('types conversion by the rate’s currencies', () => {
    const eurToJpy = ExchangeRate.of('EUR', 'JPY', '162.5');
    expectTypeOf(eur.convert(eurToJpy)).toEqualTypeOf<Money<'JPY'>>();
    // @ts-expect-error a EUR rate cannot convert USD
    usd.convert(eurToJpy);
  });

  it('lets run-time currencies through, checked at run time, and narrows with hasCurrency', () => {
    const code = 'CHF' as CurrencyCode;
    const unknown: Money = Money.of('1', code);
    expectTypeOf(unknown.add(unknown)).toEqualTypeOf<Money>();
    // @ts-expect-error a Money of any currency is not a Money<'USD'>
    usd.add(unknown);
    if (unknown.hasCurrency('USD')) expectTypeOf(usd.add(unknown)).toEqualTypeOf<Money<'USD'>>();
    const widened: Money = usd;
    expectTypeOf(widened).toEqualTypeOf<Money>();
    expectTypeOf(usd.equals(eur)).toEqualTypeOf<boolean>();
  });

  it('gives a schema whose output is a Money', () => {
    const Order = z.object({ total: Money.schema });
    expectTypeOf<z.output<typeof Order>['total']>().toEqualTypeOf<Money>();
    expectTypeOf<z.input<typeof Order>['total']>().toEqualTypeOf<MoneyJSON>();
    expectTypeOf(Money.fromJSON({ amount: '1', currency: 'GBP' })).toEqualTypeOf<Money<'GBP'>>();
    expectTypeOf(Money.fromJSON(JSON.parse('{}') as unknown)).toEqualTypeOf<Money>();
  });
});
