import { Decimal } from 'decimal.js';
import type * as z from 'zod';
import { unreadableInput } from '../core/checkInput.js';
import { ValidationError } from '../core/ValidationError.js';
import { allocateMinorUnits, splitMinorUnits } from './allocateMinorUnits.js';
import { amountToMinor } from './amountToMinor.js';
import { unknownCurrency } from './Currency.js';
import { CurrencyMismatchError } from './CurrencyMismatchError.js';
import { type CurrencyCode, currencies } from './currencies.js';
import { divideRounded } from './divideRounded.js';
import { divideRoundedNumber } from './divideRoundedNumber.js';
import type { ExchangeRate } from './ExchangeRate.js';
import { formatAmount } from './formatAmount.js';
import { MAX_SAFE, type MinorUnits, normalizeMinor, pow10 } from './MinorUnits.js';
import { type MoneyJSON, moneySchema } from './moneySchema.js';
import { checkNumber, parseDecimal } from './parseDecimal.js';
import { type RoundingMode, roundingModes } from './RoundingMode.js';
import type { Ratio } from './ratioWeights.js';

/**
 * An amount in major units: a decimal string (`'19.99'`), a finite JS number or a `Decimal`.
 *
 * @example
 * ```ts
 * const amounts: Amount[] = ['19.99', 19.99, new Decimal('19.99')];
 * ```
 */
export type Amount = string | number | Decimal;

/**
 * Options of {@link Money.format}, passed on to `Intl.NumberFormat` (the currency and digits are Money's).
 *
 * @example
 * ```ts
 * const accounting: MoneyFormatOptions = { currencySign: 'accounting', currencyDisplay: 'code' };
 * ```
 */
export type MoneyFormatOptions = Omit<
  Intl.NumberFormatOptions,
  'style' | 'currency' | 'minimumFractionDigits' | 'maximumFractionDigits' | 'maximumSignificantDigits'
>;

let schema: z.ZodType<Money, MoneyJSON> | undefined;
const formatters = /*@__PURE__*/ new Map<string, Intl.NumberFormat>();

/**
 * An exact amount of money in one ISO 4217 currency, which is part of its type: a `Money<'USD'>`
 * cannot be added to a `Money<'EUR'>` (a compile error), and when currencies are known only at run
 * time, a mismatch throws {@link CurrencyMismatchError}.
 *
 * Amounts are integers of the currency's minor unit (cents for USD, yen for JPY, fils for KWD) and
 * never binary floats; arithmetic is exact and rounds only where an operation must drop digits
 * (`multiply`, `convert`, `of` with a rounding mode), half-even unless told otherwise. Instances are
 * frozen and compare by value (`equals`), so they fit in value objects and events as they are.
 * `Money` does not extend `ValueObject`: it has no props object to build on every operation, which
 * keeps arithmetic close to hand-written code; `ValueObject` equality still compares it by value.
 *
 * Accepted amounts: decimal strings matching `-?\d+(\.\d+)?` (no exponent, grouping or spaces), finite
 * JS numbers within ±`Number.MAX_SAFE_INTEGER` (read as the decimal `String(n)` prints), `Decimal`s,
 * and integer minor units as `bigint` through {@link Money.fromMinor}.
 *
 * @typeParam TCode - The currency code, such as `'USD'`.
 *
 * @example
 * ```ts
 * const price = Money.of('19.99', 'USD');
 * const total = price.multiply(3).add(Money.of('4.50', 'USD')); // 64.47 USD
 * const [first, second, third] = total.allocate([1, 1, 1]); // 21.49, 21.49, 21.49 USD
 * total.format('en-US'); // '$64.47'
 * JSON.stringify(total); // '{"amount":"64.47","currency":"USD"}'
 * ```
 */
export class Money<TCode extends CurrencyCode = CurrencyCode> {
  /** The ISO 4217 code of the currency. */
  readonly currency: TCode;
  /** The amount in minor units: a number while safe, else a bigint (see {@link Money.toMinorUnits}). @internal */
  protected readonly minor: MinorUnits;
  /** The number of digits of the currency's minor unit. */
  protected readonly scale: number;

  private constructor(currency: TCode, minor: MinorUnits, scale: number) {
    this.currency = currency;
    this.minor = minor;
    this.scale = scale;
    Object.freeze(this);
  }

  /**
   * Builds an amount from major units: `Money.of('19.99', 'USD')`.
   *
   * @param amount - A decimal string (`-?\d+(\.\d+)?`), a finite number or a `Decimal`.
   * @param currency - An ISO 4217 code.
   * @param rounding - How to round digits beyond the currency's minor unit; without it they are an error.
   * @returns The amount.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `Money`): `unknown_currency` (field `currency`); on field
   *   `amount`: `invalid_type`, `invalid_format` (`'12,50'`, `'1e400'`), `not_finite` (NaN, ±Infinity),
   *   `unsafe_number` (a number beyond ±2^53−1), `out_of_range` (a `Decimal` beyond 10^±1000),
   *   `too_long` (a string over 2,048 characters) or `too_many_fraction_digits` (`'1.005'` in USD).
   *
   * @example
   * ```ts
   * Money.of('19.99', 'USD');
   * Money.of(0.1 + 0.2, 'USD', 'half-even'); // 0.30 USD
   * ```
   */
  static of<TCode extends CurrencyCode>(amount: Amount, currency: TCode, rounding?: RoundingMode): Money<TCode> {
    const scale = scaleOf(currency);
    return new Money(
      currency,
      amountToMinor(amount, scale, rounding === undefined ? undefined : checkRounding(rounding)),
      scale,
    );
  }

  /**
   * Builds an amount from integer minor units: `Money.fromMinor(1999n, 'USD')` is 19.99 USD.
   *
   * @param minor - An integer: a bigint, or a safe integer number.
   * @param currency - An ISO 4217 code.
   * @returns The amount.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `Money`): `unknown_currency`, or on field `minor`
   *   `invalid_type`, `not_integer`, `not_finite` or `unsafe_number`.
   *
   * @example
   * ```ts
   * Money.fromMinor(1999n, 'USD').toJSON(); // { amount: '19.99', currency: 'USD' }
   * ```
   */
  static fromMinor<TCode extends CurrencyCode>(minor: bigint | number, currency: TCode): Money<TCode> {
    const scale = scaleOf(currency);
    if (typeof minor === 'bigint') return new Money(currency, normalizeMinor(minor), scale);
    if (typeof minor !== 'number') {
      throw ValidationError.of('Money', 'minor', 'invalid_type', 'Expected a bigint or an integer number');
    }
    checkNumber(minor, 'Money', 'minor');
    if (!Number.isInteger(minor)) {
      throw ValidationError.of('Money', 'minor', 'not_integer', `${minor} is not a whole number of minor units`);
    }
    return new Money(currency, minor + 0, scale);
  }

  /**
   * Returns zero in `currency`.
   *
   * @param currency - An ISO 4217 code.
   * @returns 0 in that currency.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`unknown_currency`) for an unknown code.
   *
   * @example
   * ```ts
   * Money.zero('EUR').isZero(); // true
   * ```
   */
  static zero<TCode extends CurrencyCode>(currency: TCode): Money<TCode> {
    return new Money(currency, 0, scaleOf(currency));
  }

  /**
   * Reads an amount from its JSON form, exactly: `{ amount: "19.99", currency: "USD" }`.
   *
   * @param json - An object with exactly `amount` (a decimal string) and `currency` (an ISO 4217 code).
   * @returns The amount.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `Money`) naming the field and rule: `invalid_type`,
   *   `unrecognized_keys`, `unknown_currency`, `too_long`, `invalid_format`, `too_many_fraction_digits`.
   *
   * @example
   * ```ts
   * Money.fromJSON(JSON.parse('{"amount":"19.99","currency":"USD"}'));
   * ```
   */
  static fromJSON<TCode extends CurrencyCode>(json: MoneyJSON<TCode>): Money<TCode>;
  static fromJSON(json: unknown): Money;
  static fromJSON(json: unknown): Money {
    try {
      return moneyFromJSON(json);
    } catch (error) {
      throw unreadableInput('Money', error); // a getter or Proxy trap of the input threw
    }
  }

  /**
   * A zod schema that reads the JSON form into a `Money`, to use inside other zod schemas. It is a
   * zod schema only (zod's `z.ZodType`): a schema of another validator (valibot, arktype) cannot
   * embed it; there, validate `{ amount: string, currency: string }` and call {@link Money.fromJSON}.
   *
   * @example
   * ```ts
   * const Line = z.object({ sku: z.string(), price: Money.schema });
   * Line.parse({ sku: 'A-1', price: { amount: '19.99', currency: 'USD' } }).price; // a Money
   * ```
   */
  static get schema(): z.ZodType<Money, MoneyJSON> {
    schema ??= moneySchema((json) => Money.fromJSON(json));
    return schema;
  }

  /**
   * Adds up amounts in one currency. An empty list needs the currency to return zero in.
   *
   * @param amounts - The amounts; all in one currency, at least one.
   * @returns The exact sum.
   * @throws {@link CurrencyMismatchError} when the currencies differ; {@link "tactical-ddd".ValidationError | ValidationError}
   *   (`empty`) for an empty list without a currency.
   *
   * @example
   * ```ts
   * Money.sum([Money.of('1.10', 'USD'), Money.of('2.20', 'USD')]); // 3.30 USD
   * Money.sum(lines.map((line) => line.total), 'USD');
   * ```
   */
  static sum<TCode extends CurrencyCode>(amounts: readonly [Money<TCode>, ...Money<NoInfer<TCode>>[]]): Money<TCode>;
  /**
   * Adds up amounts in `currency`; an empty list gives zero in it.
   *
   * @param amounts - The amounts; all in `currency`, possibly none.
   * @param currency - The currency of the result.
   * @returns The exact sum.
   * @throws {@link CurrencyMismatchError} when an amount is in another currency.
   *
   * @example
   * ```ts
   * Money.sum([], 'USD'); // 0.00 USD
   * ```
   */
  static sum<TCode extends CurrencyCode>(amounts: Iterable<Money<NoInfer<TCode>>>, currency: TCode): Money<TCode>;
  static sum(amounts: Iterable<Money>, currency?: CurrencyCode): Money {
    let total: Money | undefined = currency === undefined ? undefined : Money.zero(currency);
    for (const amount of amounts) total = total === undefined ? amount : total.add(amount);
    if (total === undefined) {
      throw ValidationError.of('Money', 'amounts', 'empty', 'Cannot sum an empty list without a currency');
    }
    return total;
  }

  /**
   * Returns the smallest of amounts in one currency (the first of equals).
   *
   * @param first - An amount.
   * @param rest - More amounts in the same currency.
   * @returns The smallest.
   * @throws {@link CurrencyMismatchError} when the currencies differ.
   *
   * @example
   * ```ts
   * Money.min(Money.of('5', 'USD'), Money.of('3', 'USD')); // 3.00 USD
   * ```
   */
  static min<TCode extends CurrencyCode>(first: Money<TCode>, ...rest: Money<NoInfer<TCode>>[]): Money<TCode> {
    let smallest = first;
    for (const amount of rest) if (amount.lessThan(smallest)) smallest = amount;
    return smallest;
  }

  /**
   * Returns the largest of amounts in one currency (the first of equals).
   *
   * @param first - An amount.
   * @param rest - More amounts in the same currency.
   * @returns The largest.
   * @throws {@link CurrencyMismatchError} when the currencies differ.
   *
   * @example
   * ```ts
   * Money.max(Money.of('5', 'USD'), Money.of('3', 'USD')); // 5.00 USD
   * ```
   */
  static max<TCode extends CurrencyCode>(first: Money<TCode>, ...rest: Money<NoInfer<TCode>>[]): Money<TCode> {
    let largest = first;
    for (const amount of rest) if (amount.greaterThan(largest)) largest = amount;
    return largest;
  }

  /**
   * Returns the exact sum of this amount and `addend`.
   *
   * @param addend - An amount in the same currency.
   * @returns The sum.
   * @throws {@link CurrencyMismatchError} when `addend` is in another currency.
   *
   * @example
   * ```ts
   * Money.of('0.10', 'USD').add(Money.of('0.20', 'USD')); // 0.30 USD, exactly
   * ```
   */
  add(addend: Money<TCode>): Money<TCode> {
    if (addend.currency !== this.currency) throw new CurrencyMismatchError('add', this.currency, addend.currency);
    const a = this.minor;
    const b = addend.minor;
    if (typeof a === 'number' && typeof b === 'number') {
      const sum = a + b;
      if (sum <= MAX_SAFE && sum >= -MAX_SAFE) return new Money(this.currency, sum, this.scale);
    }
    return new Money(this.currency, normalizeMinor(BigInt(a) + BigInt(b)), this.scale);
  }

  /**
   * Returns the exact difference of this amount and `subtrahend`.
   *
   * @param subtrahend - An amount in the same currency.
   * @returns The difference (may be negative).
   * @throws {@link CurrencyMismatchError} when `subtrahend` is in another currency.
   *
   * @example
   * ```ts
   * Money.of('10', 'EUR').subtract(Money.of('12.50', 'EUR')); // -2.50 EUR
   * ```
   */
  subtract(subtrahend: Money<TCode>): Money<TCode> {
    if (subtrahend.currency !== this.currency) {
      throw new CurrencyMismatchError('subtract', this.currency, subtrahend.currency);
    }
    const a = this.minor;
    const b = subtrahend.minor;
    if (typeof a === 'number' && typeof b === 'number') {
      const difference = a - b;
      if (difference <= MAX_SAFE && difference >= -MAX_SAFE) return new Money(this.currency, difference, this.scale);
    }
    return new Money(this.currency, normalizeMinor(BigInt(a) - BigInt(b)), this.scale);
  }

  /**
   * Multiplies by an exact decimal factor and rounds the product to the minor unit.
   *
   * @param factor - A decimal string, a finite number (read as `String(n)` prints it) or a `Decimal`.
   * @param rounding - How to round the product; half-even by default.
   * @returns The rounded product.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (field `factor`: `invalid_format`, `not_finite`, `unsafe_number`…;
   *   field `rounding`: `invalid_rounding_mode`).
   *
   * @example
   * ```ts
   * Money.of('100.00', 'USD').multiply('1.0825'); // 108.25 USD
   * Money.of('0.05', 'USD').multiply(0.5, 'half-up'); // 0.03 USD
   * ```
   */
  multiply(factor: Amount, rounding: RoundingMode = 'half-even'): Money<TCode> {
    const mode = checkRounding(rounding);
    const { coefficient, scale } = parseFactor(factor);
    const minor = this.minor;
    if (typeof minor === 'number' && typeof coefficient === 'number' && scale < NUMBER_POWERS.length) {
      const product = minor * coefficient;
      if (product <= MAX_SAFE && product >= -MAX_SAFE) {
        const result = scale === 0 ? product + 0 : divideRoundedNumber(product, NUMBER_POWERS[scale] as number, mode);
        return new Money(this.currency, result, this.scale);
      }
    }
    const product = BigInt(minor) * BigInt(coefficient);
    const result = scale === 0 ? product : divideRounded(product, pow10(scale), mode);
    return new Money(this.currency, normalizeMinor(result), this.scale);
  }

  /**
   * Splits this amount in proportion to `ratios`, exactly: the parts always add up to this amount,
   * to the minor unit. Each part gets the floor of its share; the units left over go one each to the
   * parts with the largest remainders, the earlier part first on a tie. A negative amount is split
   * as its absolute value with every part negated.
   *
   * @param ratios - Non-negative integers or decimals (numbers or decimal strings), at least one positive;
   *   at most 1,000,000 of them.
   * @returns One part per ratio, in order.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (subject `Money`): `empty`, `all_zero`, `too_big` (field `ratios`), and on
   *   `ratios.<i>`: `negative`, `invalid_format`, `invalid_type`, `not_finite`, `unsafe_number`.
   *
   * @example
   * ```ts
   * Money.of('100.00', 'USD').allocate([1, 1, 1]); // 33.34, 33.33, 33.33 USD
   * Money.of('0.05', 'USD').allocate([0.7, 0.3]); // 0.04, 0.01 USD
   * ```
   */
  allocate(ratios: readonly Ratio[]): readonly Money<TCode>[] {
    return this.toParts(allocateMinorUnits(this.minor, ratios) as unknown[]);
  }

  /** Replaces each amount of minor units of `parts` by its Money, in place. */
  private toParts(parts: unknown[]): readonly Money<TCode>[] {
    // Reuse the array: each amount of minor units is replaced by its Money. Equal neighbours (most
    // parts of an even split) share one frozen instance: a value has no identity to tell them apart.
    let previous: Money<TCode> | undefined;
    for (let i = 0; i < parts.length; i++) {
      const minor = parts[i] as MinorUnits;
      if (previous === undefined || previous.minor !== minor) previous = new Money(this.currency, minor, this.scale);
      parts[i] = previous;
    }
    return parts as Money<TCode>[];
  }

  /**
   * Splits this amount into `parts` equal shares that add up to it exactly; the first shares get
   * the minor units left over.
   *
   * @param parts - A positive integer, at most 1,000,000.
   * @returns The shares, largest first.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (field `parts`, rule `not_positive_integer`, or
   *   `too_big` beyond 1,000,000).
   *
   * @example
   * ```ts
   * Money.of('10.00', 'EUR').split(3); // 3.34, 3.33, 3.33 EUR
   * ```
   */
  split(parts: number): readonly Money<TCode>[] {
    if (!Number.isSafeInteger(parts) || parts < 1) {
      throw ValidationError.of(
        'Money',
        'parts',
        'not_positive_integer',
        `${typeof parts === 'number' ? parts : typeof parts} is not a positive integer`,
      );
    }
    return this.toParts(splitMinorUnits(this.minor, parts) as unknown[]);
  }

  /**
   * Converts to another currency at `rate`, rounding to the target currency's minor unit.
   *
   * @param rate - A rate from this currency.
   * @param rounding - How to round; half-even by default.
   * @returns The amount in `rate.to`.
   * @throws {@link CurrencyMismatchError} when `rate.from` is not this currency;
   *   {@link "tactical-ddd".ValidationError | ValidationError} (`invalid_rounding_mode`).
   *
   * @example
   * ```ts
   * Money.of('100.00', 'EUR').convert(ExchangeRate.of('EUR', 'JPY', '162.4351')); // 16244 JPY
   * ```
   */
  convert<TTo extends CurrencyCode>(rate: ExchangeRate<TCode, TTo>, rounding: RoundingMode = 'half-even'): Money<TTo> {
    if (rate.from !== this.currency) throw new CurrencyMismatchError('convert', this.currency, rate.from);
    const mode = checkRounding(rounding);
    const target = scaleOf(rate.to);
    const { coefficient, scale } = parseDecimal(rate.rate, 'ExchangeRate', 'rate');
    const product = BigInt(this.minor) * coefficient;
    const shift = target - this.scale - scale;
    const minor = shift >= 0 ? product * pow10(shift) : divideRounded(product, pow10(-shift), mode);
    return new Money(rate.to, normalizeMinor(minor), target);
  }

  /**
   * Returns the amount with the opposite sign.
   *
   * @returns `-this`.
   *
   * @example
   * ```ts
   * Money.of('5', 'USD').negate(); // -5.00 USD
   * ```
   */
  negate(): Money<TCode> {
    const minor = this.minor;
    return new Money(this.currency, typeof minor === 'number' ? 0 - minor : -minor, this.scale);
  }

  /**
   * Returns the absolute amount.
   *
   * @returns `|this|`.
   *
   * @example
   * ```ts
   * Money.of('-5', 'USD').abs(); // 5.00 USD
   * ```
   */
  abs(): Money<TCode> {
    return this.minor < 0 ? this.negate() : this;
  }

  /**
   * Compares with another amount in the same currency.
   *
   * @param other - An amount in the same currency.
   * @returns `-1`, `0` or `1` as this amount is smaller, equal or larger.
   * @throws {@link CurrencyMismatchError} when `other` is in another currency.
   *
   * @example
   * ```ts
   * prices.sort((a, b) => a.compare(b));
   * ```
   */
  compare(other: Money<TCode>): -1 | 0 | 1 {
    if (other.currency !== this.currency) throw new CurrencyMismatchError('compare', this.currency, other.currency);
    const a = this.minor;
    const b = other.minor;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /**
   * Tells whether `other` is the same amount in the same currency. Amounts in different currencies
   * are simply not equal.
   *
   * @param other - Any amount (or `null`/`undefined`, which give `false`).
   * @returns `true` when currency and amount are equal.
   *
   * @example
   * ```ts
   * Money.of('1.5', 'USD').equals(Money.of('1.50', 'USD')); // true
   * ```
   */
  equals(other: Money | null | undefined): boolean {
    return other === this || (other instanceof Money && other.minor === this.minor && other.currency === this.currency);
  }

  /**
   * Tells whether this amount is smaller than `other`.
   *
   * @param other - An amount in the same currency.
   * @returns `this < other`.
   * @throws {@link CurrencyMismatchError} when `other` is in another currency.
   *
   * @example
   * ```ts
   * Money.of('1', 'USD').lessThan(Money.of('2', 'USD')); // true
   * ```
   */
  lessThan(other: Money<TCode>): boolean {
    return this.compare(other) < 0;
  }

  /**
   * Tells whether this amount is smaller than or equal to `other`.
   *
   * @param other - An amount in the same currency.
   * @returns `this ≤ other`.
   * @throws {@link CurrencyMismatchError} when `other` is in another currency.
   *
   * @example
   * ```ts
   * Money.of('2', 'USD').lessThanOrEqual(Money.of('2', 'USD')); // true
   * ```
   */
  lessThanOrEqual(other: Money<TCode>): boolean {
    return this.compare(other) <= 0;
  }

  /**
   * Tells whether this amount is larger than `other`.
   *
   * @param other - An amount in the same currency.
   * @returns `this > other`.
   * @throws {@link CurrencyMismatchError} when `other` is in another currency.
   *
   * @example
   * ```ts
   * Money.of('3', 'USD').greaterThan(Money.of('2', 'USD')); // true
   * ```
   */
  greaterThan(other: Money<TCode>): boolean {
    return this.compare(other) > 0;
  }

  /**
   * Tells whether this amount is larger than or equal to `other`.
   *
   * @param other - An amount in the same currency.
   * @returns `this ≥ other`.
   * @throws {@link CurrencyMismatchError} when `other` is in another currency.
   *
   * @example
   * ```ts
   * Money.of('2', 'USD').greaterThanOrEqual(Money.of('2', 'USD')); // true
   * ```
   */
  greaterThanOrEqual(other: Money<TCode>): boolean {
    return this.compare(other) >= 0;
  }

  /**
   * Tells whether the amount is zero.
   *
   * @returns `this = 0`.
   *
   * @example
   * ```ts
   * Money.zero('USD').isZero(); // true
   * ```
   */
  isZero(): boolean {
    return this.minor === 0;
  }

  /**
   * Tells whether the amount is greater than zero.
   *
   * @returns `this > 0`.
   *
   * @example
   * ```ts
   * Money.of('0.01', 'USD').isPositive(); // true
   * ```
   */
  isPositive(): boolean {
    return this.minor > 0;
  }

  /**
   * Tells whether the amount is less than zero.
   *
   * @returns `this < 0`.
   *
   * @example
   * ```ts
   * Money.of('-0.01', 'USD').isNegative(); // true
   * ```
   */
  isNegative(): boolean {
    return this.minor < 0;
  }

  /**
   * Tells whether this amount is in `currency`, narrowing its type.
   *
   * @param currency - An ISO 4217 code.
   * @returns `true` when the amount is in `currency`.
   *
   * @example
   * ```ts
   * if (amount.hasCurrency('USD')) usdTotal = usdTotal.add(amount);
   * ```
   */
  hasCurrency<TOther extends CurrencyCode>(currency: TOther): this is Money<TOther> {
    return (this.currency as CurrencyCode) === currency;
  }

  /**
   * Returns the amount as a `Decimal` in major units.
   *
   * @returns A new `Decimal` (`19.99` for 1999 cents).
   *
   * @example
   * ```ts
   * Money.of('19.99', 'USD').toDecimal().toString(); // '19.99'
   * ```
   */
  toDecimal(): Decimal {
    return new Decimal(formatAmount(this.minor, this.scale));
  }

  /**
   * Returns the amount in minor units.
   *
   * @returns The integer number of minor units, as a bigint.
   *
   * @example
   * ```ts
   * Money.of('19.99', 'USD').toMinorUnits(); // 1999n
   * ```
   */
  toMinorUnits(): bigint {
    return BigInt(this.minor);
  }

  /**
   * Formats the amount for people with `Intl.NumberFormat`, with the currency's digits, exactly
   * (the amount is passed as a decimal string, never as a float).
   *
   * @param locale - A BCP 47 locale or list of locales; the runtime's default when omitted.
   * @param options - More `Intl.NumberFormat` options, such as `currencyDisplay` or `currencySign`.
   * @returns The formatted amount.
   *
   * @example
   * ```ts
   * Money.of('1234.5', 'EUR').format('de-DE'); // '1.234,50 €'
   * ```
   */
  format(locale?: string | readonly string[], options?: MoneyFormatOptions): string {
    const digits = this.scale;
    const create = () =>
      new Intl.NumberFormat(locale as string[] | undefined, {
        ...options,
        style: 'currency',
        currency: this.currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    let formatter: Intl.NumberFormat;
    if (options === undefined && (locale === undefined || typeof locale === 'string')) {
      const key = `${locale ?? ''}|${this.currency}`;
      formatter = formatters.get(key) ?? create();
      if (formatters.size < 256) formatters.set(key, formatter);
    } else {
      formatter = create();
    }
    return formatter.format(formatAmount(this.minor, digits) as `${number}`);
  }

  /**
   * Returns the JSON form: the amount as a decimal string with the currency's digits, never a float.
   *
   * @returns `{ amount: '19.99', currency: 'USD' }`.
   *
   * @example
   * ```ts
   * JSON.stringify({ total: Money.of('5', 'EUR') }); // '{"total":{"amount":"5.00","currency":"EUR"}}'
   * ```
   */
  toJSON(): MoneyJSON<TCode> {
    return { amount: formatAmount(this.minor, this.scale), currency: this.currency };
  }

  /**
   * Throws, so that `a < b` or `a + b` on two `Money` values fails loudly instead of comparing or
   * concatenating their strings (as `Temporal` objects do); use `compare`, `lessThan` or `add`.
   *
   * @throws TypeError always.
   *
   * @example
   * ```ts
   * price < budget; // TypeError: use price.lessThan(budget)
   * ```
   */
  valueOf(): never {
    throw new TypeError('Money has no primitive value: use compare(), lessThan(), add() or toString()');
  }

  /**
   * Returns the amount and currency for logs: `'19.99 USD'`.
   *
   * @returns The amount, a space and the code.
   *
   * @example
   * ```ts
   * `${Money.of('19.99', 'USD')}`; // '19.99 USD'
   * ```
   */
  toString(): string {
    return `${formatAmount(this.minor, this.scale)} ${this.currency}`;
  }
}

const NUMBER_POWERS: readonly number[] = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

function scaleOf(currency: CurrencyCode): number {
  const entry = typeof currency === 'string' && Object.hasOwn(currencies, currency) ? currencies[currency] : undefined;
  if (entry === undefined) throw unknownCurrency('Money', 'currency', currency);
  return entry.minorUnits;
}

function checkRounding(rounding: RoundingMode): RoundingMode {
  if (rounding === 'half-even' || roundingModes.includes(rounding)) return rounding;
  throw ValidationError.of(
    'Money',
    'rounding',
    'invalid_rounding_mode',
    `${JSON.stringify(rounding)} is not one of ${roundingModes.join(', ')}`,
  );
}

/** The last factor read, so that a price list multiplied by one rate parses it once. */
let lastFactor: unknown;
let lastParsed: { readonly coefficient: number | bigint; readonly scale: number } | undefined;

function parseFactor(factor: unknown): { readonly coefficient: number | bigint; readonly scale: number } {
  if (factor === lastFactor && lastParsed !== undefined) return lastParsed;
  if (typeof factor === 'number' && Number.isInteger(factor) && factor <= MAX_SAFE && factor >= -MAX_SAFE) {
    return { coefficient: factor + 0, scale: 0 };
  }
  const { coefficient, scale } = parseDecimal(factor, 'Money', 'factor');
  const parsed = {
    coefficient:
      coefficient <= BigInt(MAX_SAFE) && coefficient >= -BigInt(MAX_SAFE) ? Number(coefficient) : coefficient,
    scale,
  };
  if (typeof factor === 'number' || typeof factor === 'string') {
    lastFactor = factor;
    lastParsed = parsed;
  }
  return parsed;
}

function moneyFromJSON(json: unknown): Money {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw ValidationError.of('Money', '', 'invalid_type', 'Expected an object { amount, currency }');
  }
  for (const key in json) {
    if (key !== 'amount' && key !== 'currency') {
      throw ValidationError.of('Money', key, 'unrecognized_keys', `Unknown key "${key}"`);
    }
  }
  const { amount, currency } = json as { amount?: unknown; currency?: unknown };
  if (typeof amount !== 'string') {
    throw ValidationError.of('Money', 'amount', 'invalid_type', 'Expected the amount as a decimal string');
  }
  return Money.of(amount, currency as CurrencyCode);
}
