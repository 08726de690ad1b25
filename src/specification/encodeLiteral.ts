import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';
import { inDateRange } from './dateRange.js';
import { moneyOf } from './Operand.js';
import type { Literal } from './SpecNode.js';

const AMOUNT = /^-?\d+(?:\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Turns a value given to a builder into an AST literal: strings, finite numbers and booleans as
 * they are, a `Date` as `{ $date }`, a `Money` (anything whose `toJSON()` is `{ amount, currency }`)
 * as `{ $money }`.
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the field: `unsupported_character`, `not_finite`, `invalid_date`, `date_out_of_range`, `invalid_money` or
 * `unsupported_value`.
 * @internal
 */
export function encodeLiteral(field: string, value: unknown): Literal {
  switch (typeof value) {
    case 'string':
      if (isUnstorableText(value)) {
        throw ValidationError.of(
          'Specification',
          field,
          'unsupported_character',
          `The value for "${field}" ${UNSTORABLE_MESSAGE}`,
        );
      }
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw ValidationError.of(
        'Specification',
        field,
        'not_finite',
        `The value for "${field}" must be a finite number`,
      );
    default:
      break;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw ValidationError.of('Specification', field, 'invalid_date', `The date for "${field}" is invalid`);
    }
    if (!inDateRange(value.getTime())) {
      throw ValidationError.of(
        'Specification',
        field,
        'date_out_of_range',
        `Dates compare from year 1 to year 9999; the date for "${field}" is outside`,
      );
    }
    return { $date: value.toISOString() };
  }
  const money = moneyOf(value);
  if (money !== undefined) {
    if (!AMOUNT.test(money.amount) || !CURRENCY.test(money.currency)) {
      throw ValidationError.of(
        'Specification',
        field,
        'invalid_money',
        `The money for "${field}" is not a plain amount`,
      );
    }
    return { $money: { amount: money.amount, currency: money.currency } };
  }
  throw ValidationError.of(
    'Specification',
    field,
    'unsupported_value',
    `The value for "${field}" must be a string, a finite number, a boolean, a Date or a Money`,
  );
}
