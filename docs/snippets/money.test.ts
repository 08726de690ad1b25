import { ValidationError } from 'tactical-ddd';
import { ExchangeRate, Money } from 'tactical-ddd/money';
import { expect, it } from 'vitest';
import { inYen, json, rateJson, roundedDown, shares, total, withTax, yen } from './money.js';

it('keeps every cent', () => {
  expect(total.toJSON()).toEqual({ amount: '24.00', currency: 'USD' });
  expect(withTax.toJSON().amount).toBe('25.98');
  expect(shares.map((part) => part.toJSON().amount)).toEqual(['33.34', '33.33', '33.33']);
  expect(Money.fromJSON(JSON.parse(json)).equals(total)).toBe(true);
  expect(yen.toMinorUnits()).toBe(1500n);
  expect(() => Money.of('1500.5', 'JPY')).toThrow(ValidationError);
});

it('converts at an exchange rate, rounding to the target currency', () => {
  expect(inYen.toJSON()).toEqual({ amount: '16244', currency: 'JPY' });
  expect(roundedDown.toMinorUnits()).toBe(16243n);
  const rate = ExchangeRate.fromJSON(JSON.parse(rateJson));
  expect([rate.from, rate.to, rate.rate]).toEqual(['EUR', 'JPY', '162.4351']);
  expect(() => ExchangeRate.of('EUR', 'JPY', '-1')).toThrow(ValidationError);
});
