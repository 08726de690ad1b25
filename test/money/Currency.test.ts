import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/DomainError.js';
import { ValidationError } from '../../src/core/ValidationError.js';
import { Currency } from '../../src/money/Currency.js';
import { CurrencyMismatchError } from '../../src/money/CurrencyMismatchError.js';
import type { CurrencyCode } from '../../src/money/currencies.js';

describe('Currency', () => {
  it('looks currencies up by code', () => {
    expect(Currency.of('KWD')).toEqual({ code: 'KWD', numeric: '414', name: 'Kuwaiti Dinar', minorUnits: 3 });
    expect(Currency.isCode('EUR')).toBe(true);
    for (const value of ['eur', 'EURO', '', 'hasOwnProperty', 978, null]) expect(Currency.isCode(value)).toBe(false);
  });

  it('rejects unknown codes with a ValidationError', () => {
    try {
      Currency.of('ABC' as CurrencyCode);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ subject: 'Currency', field: 'code', rule: 'unknown_currency' });
    }
  });
});

describe('CurrencyMismatchError', () => {
  it('is a DomainError with a stable code, an explicit name and the currencies', () => {
    const error = new CurrencyMismatchError('add', 'USD', 'EUR');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      name: 'CurrencyMismatchError',
      code: 'money.currency_mismatch',
      operation: 'add',
      expected: 'USD',
      actual: 'EUR',
    });
    expect(error.message).toBe('Cannot add EUR and USD: the currencies differ');
  });
});
