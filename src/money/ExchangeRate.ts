import type { Decimal } from 'decimal.js';
import { unreadableInput } from '../core/checkInput.js';
import { ValidationError } from '../core/ValidationError.js';
import { Currency, unknownCurrency } from './Currency.js';
import type { CurrencyCode } from './currencies.js';
import { parseDecimal } from './parseDecimal.js';

/**
 * The JSON form of an {@link ExchangeRate}: `{ from: 'EUR', to: 'USD', rate: '1.0825' }`.
 *
 * @example
 * ```ts
 * const json: ExchangeRateJSON<'EUR', 'USD'> = ExchangeRate.of('EUR', 'USD', '1.0825').toJSON();
 * ```
 */
export interface ExchangeRateJSON<TFrom extends CurrencyCode = CurrencyCode, TTo extends CurrencyCode = CurrencyCode> {
  readonly from: TFrom;
  readonly to: TTo;
  readonly rate: string;
}

/**
 * How many units of `to` one unit of `from` buys, as an exact positive decimal. `Money.convert`
 * takes it; its currencies are part of its type, so converting dollars with a euro rate does not
 * compile.
 *
 * @typeParam TFrom - The currency converted from.
 * @typeParam TTo - The currency converted to.
 *
 * @example
 * ```ts
 * const eurToUsd = ExchangeRate.of('EUR', 'USD', '1.0825');
 * Money.of('100.00', 'EUR').convert(eurToUsd); // 108.25 USD
 * ```
 */
export class ExchangeRate<TFrom extends CurrencyCode = CurrencyCode, TTo extends CurrencyCode = CurrencyCode> {
  /** The currency converted from. */
  readonly from: TFrom;
  /** The currency converted to. */
  readonly to: TTo;
  /** The rate as a decimal string, as given (`'1.0825'`). */
  readonly rate: string;

  private constructor(from: TFrom, to: TTo, rate: string) {
    this.from = from;
    this.to = to;
    this.rate = rate;
    Object.freeze(this);
  }

  /**
   * Builds a rate: one `from` buys `rate` of `to`.
   *
   * @param from - The currency converted from.
   * @param to - The currency converted to.
   * @param rate - A positive decimal: a string such as `'1.0825'`, a finite number or a `Decimal`.
   * @returns The frozen rate.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `ExchangeRate`): `unknown_currency` on `from` or `to`;
   *   on `rate`, `invalid_format`, `invalid_type`, `not_finite`, `unsafe_number` or `not_positive`.
   *
   * @example
   * ```ts
   * ExchangeRate.of('USD', 'JPY', '151.37');
   * ```
   */
  static of<TFrom extends CurrencyCode, TTo extends CurrencyCode>(
    from: TFrom,
    to: TTo,
    rate: string | number | Decimal,
  ): ExchangeRate<TFrom, TTo> {
    if (!Currency.isCode(from)) throw unknownCurrency('ExchangeRate', 'from', from);
    if (!Currency.isCode(to)) throw unknownCurrency('ExchangeRate', 'to', to);
    const { coefficient, scale } = parseDecimal(rate, 'ExchangeRate', 'rate');
    if (coefficient <= 0n) {
      throw ValidationError.of(
        'ExchangeRate',
        'rate',
        'not_positive',
        `Rate ${String(rate)} must be greater than zero`,
      );
    }
    const digits = coefficient.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return new ExchangeRate(from, to, text);
  }

  /**
   * Reads a rate from its JSON form, validating it as {@link ExchangeRate.of} does.
   *
   * @param json - `{ from, to, rate }` with `rate` a decimal string.
   * @returns The rate.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `ExchangeRate`) naming the offending field.
   *
   * @example
   * ```ts
   * ExchangeRate.fromJSON({ from: 'EUR', to: 'USD', rate: '1.0825' });
   * ```
   */
  static fromJSON(json: unknown): ExchangeRate {
    try {
      return rateFromJSON(json);
    } catch (error) {
      throw unreadableInput('ExchangeRate', error); // a getter or Proxy trap of the input threw
    }
  }

  /**
   * Returns the plain form, for `JSON.stringify`.
   *
   * @returns `{ from, to, rate }`.
   *
   * @example
   * ```ts
   * JSON.stringify(ExchangeRate.of('EUR', 'USD', '1.0825')); // '{"from":"EUR","to":"USD","rate":"1.0825"}'
   * ```
   */
  toJSON(): ExchangeRateJSON<TFrom, TTo> {
    return { from: this.from, to: this.to, rate: this.rate };
  }
}

function rateFromJSON(json: unknown): ExchangeRate {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw ValidationError.of('ExchangeRate', '', 'invalid_type', 'Expected an object { from, to, rate }');
  }
  for (const key in json) {
    if (key !== 'from' && key !== 'to' && key !== 'rate') {
      throw ValidationError.of('ExchangeRate', key, 'unrecognized_keys', `Unknown key "${key}"`);
    }
  }
  const { from, to, rate } = json as Record<string, unknown>;
  if (typeof rate !== 'string') throw ValidationError.of('ExchangeRate', 'rate', 'invalid_type', 'Expected a string');
  return ExchangeRate.of(from as CurrencyCode, to as CurrencyCode, rate);
}
