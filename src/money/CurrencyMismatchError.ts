import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when an operation combines amounts (or an amount and an exchange rate) in different
 * currencies, which the types could not catch because the currency was only known at run time.
 *
 * @example
 * ```ts
 * try {
 *   total.add(Money.fromJSON(line)); // line's currency comes from outside
 * } catch (error) {
 *   if (error instanceof CurrencyMismatchError) console.log(error.expected, error.actual); // 'USD' 'EUR'
 * }
 * ```
 */
export class CurrencyMismatchError extends DomainError {
  declare readonly name: 'CurrencyMismatchError';
  declare readonly code: 'money.currency_mismatch';
  /** The currency the operation works in (the receiver's). */
  declare readonly expected: string;
  /** The currency it was given. */
  declare readonly actual: string;
  /** The operation that refused, such as `'add'` or `'convert'`. */
  declare readonly operation: string;

  /**
   * @param operation - The operation that refused, such as `'add'`.
   * @param expected - The currency it works in.
   * @param actual - The currency it was given.
   */
  constructor(operation: string, expected: string, actual: string) {
    super(`Cannot ${operation} ${actual} and ${expected}: the currencies differ`);
    this.name = 'CurrencyMismatchError';
    this.code = 'money.currency_mismatch';
    this.operation = operation;
    this.expected = expected;
    this.actual = actual;
  }
}
