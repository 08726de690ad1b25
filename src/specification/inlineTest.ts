import { unitOrderIsCodePointOrder } from '../core/compareCodePoints.js';
import { MAX_DATE_TIME, MIN_DATE_TIME } from './dateRange.js';
import { type Operand, toOperand } from './Operand.js';
import type { FieldNode, Literal } from './SpecNode.js';
import { mayBeStoredText, storedText, storedTime } from './storedForm.js';

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
      if (kind === 'date') {
        const time = param(storedTime);
        return (value) =>
          `(${value} instanceof Date ? (v = v.getTime()) >= ${lowValue} && v <= ${highValue} : typeof v === "string" && (v = ${time}(v)) >= ${lowValue} && v <= ${highValue})`;
      }
      if (kind === 'string') {
        const text = param(storedText);
        return (value) =>
          `((typeof ${value} === "string" || (v instanceof Date && (v = ${text}(v)) !== null)) && v >= ${lowValue} && v <= ${highValue})`;
      }
      return (value) => `(typeof ${value} === "${kind}" && v >= ${lowValue} && v <= ${highValue})`;
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
      const stored = param(storedText);
      return (value) =>
        `(typeof ${value} === "string" ? v.${method}(${text}) : v instanceof Date && (v = ${stored}(v)) !== null && v.${method}(${text}))`;
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
  if (operand.kind === 'date') {
    const time = param(storedTime);
    return (value) =>
      `(${value} instanceof Date ? v.getTime() === ${expected} : typeof v === "string" && ${time}(v) === ${expected})`;
  }
  if (operand.kind === 'string' && mayBeStoredText(operand.value)) {
    // A `Date` is stored as its ISO text, which is what SQL compares with a string.
    const text = param(storedText);
    return (value) => `(${value} === ${expected} || (v instanceof Date && ${text}(v) === ${expected}))`;
  }
  return (value) => `(${value} === ${expected})`;
}

function orderCode(operand: Operand, symbol: string, param: (value: unknown) => string): Inline | undefined {
  const kind = scalarKind(operand);
  if (kind === undefined || !unitOrdered(operand)) return undefined;
  const expected = param((operand as { value: unknown }).value);
  if (kind === 'string') {
    const text = param(storedText);
    return (value) =>
      `(typeof ${value} === "string" ? v ${symbol} ${expected} : v instanceof Date && (v = ${text}(v)) !== null && v ${symbol} ${expected})`;
  }
  if (kind !== 'date') return (value) => `(typeof ${value} === "${kind}" && v ${symbol} ${expected})`;
  // The operand is in range, so only the open side needs the range's bound; a stored string is
  // compared as the instant it names, wherever that falls.
  const bound = symbol.startsWith('>') ? `v <= ${MAX_DATE_TIME}` : `v >= ${MIN_DATE_TIME}`;
  const time = param(storedTime);
  return (value) =>
    `(${value} instanceof Date ? (v = v.getTime()) ${symbol} ${expected} && ${bound} : typeof v === "string" && ${time}(v) ${symbol} ${expected})`;
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
    if (!operands.some((operand) => operand.kind === 'string' && mayBeStoredText(operand.value))) {
      // No `Date` is stored as any of these texts.
      if (!short) {
        const set = param(new Set(values));
        return (value) => `${set}.has(${value})`;
      }
      const chain = `${values.map(param).join(' || v === ')}`;
      return (value) => `((v = ${value}) === ${chain})`;
    }
    // A `Date` is stored as its ISO text, which is what SQL compares with a string.
    const text = param(storedText);
    if (!short) {
      const set = param(new Set(values));
      return (value) => `(${set}.has(${value}) || (v instanceof Date && ${set}.has(${text}(v))))`;
    }
    const names = values.map(param);
    const chain = `${names.join(' || v === ')}`;
    return (value) => `((v = ${value}) === ${chain} || (v instanceof Date && ((v = ${text}(v)) === ${chain})))`;
  }
  if (operands.every((operand) => operand.kind === 'date')) {
    const time = param(storedTime);
    if (!short) {
      const set = param(new Set(values));
      return (value) =>
        `(${value} instanceof Date ? ${set}.has(v.getTime()) : typeof v === "string" && ${set}.has(${time}(v)))`;
    }
    const names = values.map(param);
    const chain = `${names.join(' || v === ')}`;
    return (value) =>
      `(${value} instanceof Date ? ((v = v.getTime()) === ${chain}) : typeof v === "string" && ((v = ${time}(v)) === ${chain}))`;
  }
  return undefined;
}
