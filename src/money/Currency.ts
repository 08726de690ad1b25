import { ValidationError } from '../core/ValidationError.js';
import { type CurrencyCode, currencies } from './currencies.js';

/**
 * An ISO 4217 currency: its alphabetic and numeric codes, English name and the number of digits of
 * its minor unit.
 *
 * @typeParam TCode - The alphabetic code, such as `'USD'`.
 *
 * @example
 * ```ts
 * const yen: Currency<'JPY'> = Currency.of('JPY'); // { code: 'JPY', numeric: '392', name: 'Yen', minorUnits: 0 }
 * ```
 */
export interface Currency<TCode extends CurrencyCode = CurrencyCode> {
  readonly code: TCode;
  readonly numeric: string;
  readonly name: string;
  readonly minorUnits: number;
}

/**
 * Looks currencies up in the ISO 4217 table.
 *
 * @example
 * ```ts
 * Currency.of('JPY').minorUnits; // 0
 * Currency.isCode('usd'); // false: codes are upper case
 * ```
 */
export const Currency = {
  /**
   * Returns the currency with the code `code`.
   *
   * @param code - An ISO 4217 alphabetic code, upper case.
   * @returns The currency's entry in {@link currencies}.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (rule `unknown_currency`) when `code` is not an active ISO 4217 code.
   */
  of<TCode extends CurrencyCode>(code: TCode): Currency<TCode> {
    if (!Currency.isCode(code)) throw unknownCurrency('Currency', 'code', code);
    return currencies[code] as Currency as Currency<TCode>;
  },
  /**
   * Tells whether `value` is an active ISO 4217 code (upper case, such as `'EUR'`).
   *
   * @param value - Any value.
   * @returns `true` when `value` is a {@link CurrencyCode}.
   */
  isCode(value: unknown): value is CurrencyCode {
    return typeof value === 'string' && Object.hasOwn(currencies, value);
  },
} as const;

/** The error for a currency code that is not in the table. @internal */
export function unknownCurrency(subject: string, field: string, value: unknown): ValidationError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return ValidationError.of(subject, field, 'unknown_currency', `${shown} is not an active ISO 4217 currency code`);
}
