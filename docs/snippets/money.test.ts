import { ValidationError } from 'tactical-ddd';
import { Money } from 'tactical-ddd/money';
import { expect, it } from 'vitest';
import { json, shares, total, withTax, yen } from './money.js';

it('keeps every cent', () => {
  expect(total.toJSON()).toEqual({ amount: '24.00', currency: 'USD' });
  expect(withTax.toJSON().amount).toBe('25.98');
  expect(shares.map((part) => part.toJSON().amount)).toEqual(['33.34', '33.33', '33.33']);
  expect(Money.fromJSON(JSON.parse(json)).equals(total)).toBe(true);
  expect(yen.toMinorUnits()).toBe(1500n);
  expect(() => Money.of('1500.5', 'JPY')).toThrow(ValidationError);
});
