import { unitOrderIsCodePointOrder } from '../core/compareCodePoints.js';
import { MAX_DATE_TIME, MIN_DATE_TIME } from './dateRange.js';
import { compareToOperand, type Operand, toOperand } from './Operand.js';
import type { FieldNode } from './SpecNode.js';
import { storedText, storedTime } from './storedForm.js';

/**
 * Builds the test a field leaf applies to the value found at its field: the one definition of
 * each operator's meaning, which the compiled predicate and `explain` share.
 * @internal
 */
export function compileTest(node: FieldNode): (value: unknown) => boolean {
  switch (node.op) {
    case 'eq':
      return equalTo(toOperand(node.value));
    case 'ne': {
      const eq = equalTo(toOperand(node.value));
      return (value) => !eq(value);
    }
    case 'gt':
      return fastOrder(toOperand(node.value), node.op) ?? ordered(toOperand(node.value), (order) => order > 0);
    case 'gte':
      return fastOrder(toOperand(node.value), node.op) ?? ordered(toOperand(node.value), (order) => order >= 0);
    case 'lt':
      return fastOrder(toOperand(node.value), node.op) ?? ordered(toOperand(node.value), (order) => order < 0);
    case 'lte':
      return fastOrder(toOperand(node.value), node.op) ?? ordered(toOperand(node.value), (order) => order <= 0);
    case 'in':
    case 'notIn': {
      const tests = node.values.map((literal) => equalTo(toOperand(literal)));
      const isIn = (value: unknown) => tests.some((test) => test(value));
      return node.op === 'in' ? isIn : (value) => !isIn(value);
    }
    case 'between': {
      const atLeast = ordered(toOperand(node.low), (order) => order >= 0);
      const atMost = ordered(toOperand(node.high), (order) => order <= 0);
      return (value) => atLeast(value) && atMost(value);
    }
    case 'contains': {
      const text = node.value;
      return (value) =>
        typeof value === 'string' ? value.includes(text) : value instanceof Date && !!storedText(value)?.includes(text);
    }
    case 'startsWith': {
      const text = node.value;
      return (value) =>
        typeof value === 'string'
          ? value.startsWith(text)
          : value instanceof Date && !!storedText(value)?.startsWith(text);
    }
    case 'endsWith': {
      const text = node.value;
      return (value) =>
        typeof value === 'string' ? value.endsWith(text) : value instanceof Date && !!storedText(value)?.endsWith(text);
    }
    case 'isNull':
      return (value) => value === null || value === undefined;
  }
}

function equalTo(operand: Operand): (value: unknown) => boolean {
  if (operand.kind === 'string') {
    const expected = operand.value;
    // A `Date` is stored as its ISO text, which is what SQL compares with a string.
    return (value) => value === expected || (value instanceof Date && storedText(value) === expected);
  }
  if (operand.kind === 'number' || operand.kind === 'boolean') {
    const expected = operand.value;
    return (value) => value === expected;
  }
  if (operand.kind === 'date') {
    const time = operand.value;
    return (value) =>
      value instanceof Date ? value.getTime() === time : typeof value === 'string' && storedTime(value) === time;
  }
  return (value) => compareToOperand(value, operand) === 0;
}

/** Specialised order tests for numbers, strings and dates, the common case (no `switch` per call). */
function fastOrder(operand: Operand, op: 'gt' | 'gte' | 'lt' | 'lte'): ((value: unknown) => boolean) | undefined {
  if (operand.kind === 'string' && unitOrderIsCodePointOrder(operand.value)) {
    const x = operand.value;
    const text = (v: unknown) => (typeof v === 'string' ? v : v instanceof Date ? storedText(v) : null);
    switch (op) {
      case 'gt':
        return (v) => {
          const t = text(v);
          return t !== null && t > x;
        };
      case 'gte':
        return (v) => {
          const t = text(v);
          return t !== null && t >= x;
        };
      case 'lt':
        return (v) => {
          const t = text(v);
          return t !== null && t < x;
        };
      case 'lte':
        return (v) => {
          const t = text(v);
          return t !== null && t <= x;
        };
    }
  }
  if (operand.kind === 'number') {
    const kind = operand.kind;
    const x = operand.value;
    switch (op) {
      case 'gt':
        return (v) => typeof v === kind && (v as typeof x) > x;
      case 'gte':
        return (v) => typeof v === kind && (v as typeof x) >= x;
      case 'lt':
        return (v) => typeof v === kind && (v as typeof x) < x;
      case 'lte':
        return (v) => typeof v === kind && (v as typeof x) <= x;
    }
  }
  if (operand.kind === 'date') {
    // The operand is in range, so only the open side needs the range's bound.
    // A stored string is compared as the instant it names, wherever that falls.
    const t = operand.value;
    switch (op) {
      case 'gt':
        return (v) => (v instanceof Date ? v.getTime() > t && v.getTime() <= MAX_DATE_TIME : timeOf(v) > t);
      case 'gte':
        return (v) => (v instanceof Date ? v.getTime() >= t && v.getTime() <= MAX_DATE_TIME : timeOf(v) >= t);
      case 'lt':
        return (v) => (v instanceof Date ? v.getTime() < t && v.getTime() >= MIN_DATE_TIME : timeOf(v) < t);
      case 'lte':
        return (v) => (v instanceof Date ? v.getTime() <= t && v.getTime() >= MIN_DATE_TIME : timeOf(v) <= t);
    }
  }
  return undefined;
}

/** The instant a stored string names, `NaN` for anything else. */
const timeOf = (value: unknown): number => (typeof value === 'string' ? storedTime(value) : Number.NaN);

function ordered(operand: Operand, accept: (order: number) => boolean): (value: unknown) => boolean {
  return (value) => {
    const order = compareToOperand(value, operand);
    return order !== undefined && accept(order);
  };
}
