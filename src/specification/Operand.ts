import { compareCodePoints } from '../core/compareCodePoints.js';
import { compareDecimal } from './compareDecimal.js';
import { inDateRange } from './dateRange.js';
import type { Literal } from './SpecNode.js';
import { storedText, storedTime } from './storedForm.js';

/** A literal decoded for evaluation: dates as epoch milliseconds, money as amount and currency. @internal */
export type Operand =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'date'; readonly value: number }
  | { readonly kind: 'money'; readonly amount: string; readonly currency: string };

/** Decodes an AST literal. @internal */
export function toOperand(literal: Literal): Operand {
  switch (typeof literal) {
    case 'string':
      return { kind: 'string', value: literal };
    case 'number':
      return { kind: 'number', value: literal };
    case 'boolean':
      return { kind: 'boolean', value: literal };
    default:
      return '$date' in literal
        ? { kind: 'date', value: Date.parse(literal.$date) }
        : { kind: 'money', amount: literal.$money.amount, currency: literal.$money.currency };
  }
}

/** The value a user sees for an operand in explanations: a `Date`, or `{ amount, currency }`. @internal */
export function operandValue(operand: Operand): unknown {
  switch (operand.kind) {
    case 'date':
      return new Date(operand.value);
    case 'money':
      return { amount: operand.amount, currency: operand.currency };
    default:
      return operand.value;
  }
}

/**
 * Compares a candidate's field value with an operand: `-1`, `0` or `1`, or `undefined` when the
 * value is missing or of another kind (then every comparison is false). Strings compare by code
 * point; a `Date` outside years 1–9999 is not a date here.
 * @internal
 */
export function compareToOperand(value: unknown, operand: Operand): number | undefined {
  switch (operand.kind) {
    case 'string': {
      // A `Date` is stored as its ISO text, which is what SQL compares with a string.
      const text = typeof value === 'string' ? value : value instanceof Date ? storedText(value) : null;
      return text === null ? undefined : compareCodePoints(text, operand.value);
    }
    case 'boolean':
      return typeof value === 'boolean' ? order(value, operand.value) : undefined;
    case 'number':
      return typeof value === 'number' && !Number.isNaN(value) ? order(value, operand.value) : undefined;
    case 'date': {
      if (typeof value === 'string') {
        // A stored string is compared as the instant it names, wherever that falls.
        const time = storedTime(value);
        return Number.isNaN(time) ? undefined : order(time, operand.value);
      }
      const time = value instanceof Date ? value.getTime() : Number.NaN;
      return inDateRange(time) ? order(time, operand.value) : undefined;
    }
    case 'money': {
      const money = moneyOf(value);
      return money === undefined || money.currency !== operand.currency
        ? undefined
        : compareDecimal(money.amount, operand.amount);
    }
  }
}

function order<T extends string | number | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads `{ amount, currency }` from a `Money`-like value (anything whose `toJSON()` gives that). @internal */
export function moneyOf(value: unknown): { amount: string; currency: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON !== 'function') return undefined;
  const json: unknown = toJSON.call(value);
  if (typeof json !== 'object' || json === null) return undefined;
  const { amount, currency } = json as Record<string, unknown>;
  return typeof amount === 'string' && typeof currency === 'string' ? { amount, currency } : undefined;
}
