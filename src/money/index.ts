/**
 * Exact money in ISO 4217 currencies: `Money` (integer minor units, currency in the type, rounding
 * only where needed, exact allocation), the `currencies` table, `ExchangeRate`, and
 * `CurrencyMismatchError`.
 *
 * @example
 * ```ts
 * import { Money } from 'tactical-ddd/money';
 *
 * const total = Money.of('19.99', 'USD').multiply(3);
 * const [half, otherHalf] = total.split(2);
 * total.format('en-US'); // '$59.97'
 * ```
 *
 * @module tactical-ddd/money
 */
export { Currency } from './Currency.js';
export { CurrencyMismatchError } from './CurrencyMismatchError.js';
export { type CurrencyCode, currencies } from './currencies.js';
export { ExchangeRate, type ExchangeRateJSON } from './ExchangeRate.js';
export { type Amount, Money, type MoneyFormatOptions } from './Money.js';
export type { MoneyJSON } from './moneySchema.js';
export { type RoundingMode, roundingModes } from './RoundingMode.js';
export type { Ratio } from './ratioWeights.js';
