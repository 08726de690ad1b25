import { unitOrderIsCodePointOrder } from '../core/compareCodePoints.js';
import { MAX_DATE_TIME, MIN_DATE_TIME } from './dateRange.js';
import { type Operand, toOperand } from './Operand.js';
import type { FieldNode, Literal } from './SpecNode.js';

/** Code that tests the value expression it is given. @internal */
export type Inline = (value: string) => string;

/**
 * Inline code for the common leaves (primitive and date operands); `undefined` for the rest.
 * Operands go through `param`, which returns the name of a constant: never code.
 * @internal
 */
export function inlineTest(node: FieldNode, param: (value: unknown) => string): Inline | undefined {
  switch (node.op) {
    case 'eq':
      return equalCode(toOperand(node.value), param);
    case 'ne': {
      const eq = equalCode(toOperand(node.value), param);
      return eq === undefined ? undefined : (value) => `!${eq(value)}`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const symbol = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[node.op];
      return orderCode(toOperand(node.value), symbol, param);
    }
    case 'between': {
      const low = toOperand(node.low);
      const high = toOperand(node.high);
      const kind = low.kind === high.kind ? scalarKind(low) : undefined;
      if (kind === undefined || !unitOrdered(low) || !unitOrdered(high)) return undefined;
      const [lowValue, highValue] = [
        param((low as { value: unknown }).value),
        param((high as { value: unknown }).value),
      ];
      return kind === 'date'
        ? (value) => `(${value} instanceof Date && (v = v.getTime()) >= ${lowValue} && v <= ${highValue})`
        : (value) => `(typeof ${value} === "${kind}" && v >= ${lowValue} && v <= ${highValue})`;
    }
    case 'in':
    case 'notIn': {
      const code = membershipCode(node.values, param);
      return code === undefined || node.op === 'in' ? code : (value) => `!${code(value)}`;
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      const method = node.op === 'contains' ? 'includes' : node.op;
      const text = param(node.value);
      return (value) => `(typeof ${value} === "string" && v.${method}(${text}))`;
    }
    case 'isNull':
      return (value) => `(${value} == null)`;
  }
}

function scalarKind(operand: Operand): 'string' | 'number' | 'boolean' | 'date' | undefined {
  return operand.kind === 'money' ? undefined : operand.kind;
}

function equalCode(operand: Operand, param: (value: unknown) => string): Inline | undefined {
  if (operand.kind === 'money') return undefined;
  const expected = param(operand.value);
  return operand.kind === 'date'
    ? (value) => `(${value} instanceof Date && v.getTime() === ${expected})`
    : (value) => `(${value} === ${expected})`;
}

function orderCode(operand: Operand, symbol: string, param: (value: unknown) => string): Inline | undefined {
  const kind = scalarKind(operand);
  if (kind === undefined || !unitOrdered(operand)) return undefined;
  const expected = param((operand as { value: unknown }).value);
  if (kind !== 'date') return (value) => `(typeof ${value} === "${kind}" && v ${symbol} ${expected})`;
  // The operand is in range, so only the open side needs the range's bound.
  const bound = symbol.startsWith('>') ? `v <= ${MAX_DATE_TIME}` : `v >= ${MIN_DATE_TIME}`;
  return (value) => `(${value} instanceof Date && (v = v.getTime()) ${symbol} ${expected} && ${bound})`;
}

/** Whether `<` orders this operand as PostgreSQL does (strings by code point): see compareCodePoints. */
function unitOrdered(operand: Operand): boolean {
  return operand.kind !== 'string' || unitOrderIsCodePointOrder(operand.value);
}

function membershipCode(literals: readonly Literal[], param: (value: unknown) => string): Inline | undefined {
  const operands = literals.map(toOperand);
  if (operands.length === 0) return (value) => `(${value}, false)`;
  const values = operands.map((operand) => (operand as { value?: unknown }).value);
  // A short list is a chain of `===` (faster than hashing); a long one a `Set`.
  const short = operands.length <= 8;
  const primitive = (operand: Operand) =>
    operand.kind === 'string' || operand.kind === 'number' || operand.kind === 'boolean';
  if (operands.every(primitive)) {
    if (!short) {
      const set = param(new Set(values));
      return (value) => `${set}.has(${value})`;
    }
    const names = values.map(param);
    return (value) => `((v = ${value}) === ${names.join(' || v === ')})`;
  }
  if (operands.every((operand) => operand.kind === 'date')) {
    if (!short) {
      const set = param(new Set(values));
      return (value) => `(${value} instanceof Date && ${set}.has(v.getTime()))`;
    }
    const names = values.map(param);
    return (value) => `(${value} instanceof Date && ((v = v.getTime()) === ${names.join(' || v === ')}))`;
  }
  return undefined;
}
