import { readField } from '../core/readField.js';
import { compileTest } from './compileTest.js';
import { type Operand, toOperand } from './Operand.js';
import type { FieldNode, Literal, SpecNode } from './SpecNode.js';

/** A compiled specification. @internal */
export type Predicate = (candidate: unknown) => boolean;
/** The in-memory rules of a specification, by name. @internal */
export type Predicates = ReadonlyMap<string, (candidate: never) => boolean>;

/**
 * Compiles an AST into one predicate. Like zod, it generates straight-line code with
 * `new Function` where the platform allows it: the code holds only operators, parameter indices
 * and field names written as JSON string literals (checked to hold no prototype keys); every
 * literal value is passed in as a parameter, never written into the code. Where `new Function` is
 * not allowed (CSP), it composes closures that give the same answers.
 * @internal
 */
export function compileNode(node: SpecNode, predicates: Predicates, generate = true): Predicate {
  if (generate) {
    try {
      return generateCode(node, predicates);
    } catch {
      // No eval (CSP): the closures below give the same answers.
    }
  }
  return composeClosures(node, predicates);
}

/** Composes closures, one per node. @internal */
export function composeClosures(node: SpecNode, predicates: Predicates): Predicate {
  switch (node.op) {
    case 'and': {
      const parts = node.of.map((child) => composeClosures(child, predicates));
      if (parts.length === 2) {
        const [a, b] = parts as [Predicate, Predicate];
        return (candidate) => a(candidate) && b(candidate);
      }
      if (parts.length === 3) {
        const [a, b, c] = parts as [Predicate, Predicate, Predicate];
        return (candidate) => a(candidate) && b(candidate) && c(candidate);
      }
      return (candidate) => {
        for (let i = 0; i < parts.length; i++) if (!(parts[i] as Predicate)(candidate)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.of.map((child) => composeClosures(child, predicates));
      if (parts.length === 2) {
        const [a, b] = parts as [Predicate, Predicate];
        return (candidate) => a(candidate) || b(candidate);
      }
      return (candidate) => {
        for (let i = 0; i < parts.length; i++) if ((parts[i] as Predicate)(candidate)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = composeClosures(node.of, predicates);
      return (candidate) => !inner(candidate);
    }
    case 'predicate':
      return predicateOf(node.name, predicates);
    default: {
      const test = compileTest(node);
      const path = node.field.split('.');
      if (path.length === 1) {
        const key = path[0] as string;
        return (candidate) => {
          const direct = candidate == null ? undefined : (candidate as Record<string, unknown>)[key];
          return test(direct !== undefined ? direct : readField(candidate, path));
        };
      }
      if (path.length === 2) {
        const [first, second] = path as [string, string];
        return (candidate) => {
          const parent = candidate == null ? undefined : (candidate as Record<string, unknown>)[first];
          const direct = parent == null ? undefined : (parent as Record<string, unknown>)[second];
          return test(direct !== undefined ? direct : readField(candidate, path));
        };
      }
      return (candidate) => test(readField(candidate, path));
    }
  }
}

function predicateOf(name: string, predicates: Predicates): Predicate {
  const rule = predicates.get(name) as ((candidate: unknown) => boolean) | undefined;
  if (rule === undefined) throw new TypeError(`No predicate named "${name}"`);
  return (candidate) => rule(candidate) === true;
}

/** Generates the predicate's code; see {@link compileNode}. */
function generateCode(node: SpecNode, predicates: Predicates): Predicate {
  const params: unknown[] = [];
  // Parameters become constants of the factory's scope (`p0`, `p1`…), cheaper to read than `p[i]`.
  const param = (value: unknown): string => `p${params.push(value) - 1}`;
  // A first segment shared by several nested paths (`customer` in `customer.name` and
  // `customer.email`) is read once, into a local, when the function starts.
  const shared = sharedParents(node);
  const emit = (current: SpecNode): string => {
    switch (current.op) {
      case 'and':
        return current.of.length === 0 ? 'true' : `(${current.of.map(emit).join(' && ')})`;
      case 'or':
        return current.of.length === 0 ? 'false' : `(${current.of.map(emit).join(' || ')})`;
      case 'not':
        return `!${emit(current.of)}`;
      case 'predicate':
        return `${param(predicateOf(current.name, predicates))}(c)`;
      default:
        return emitLeaf(current, param, shared);
    }
  };
  const body = emit(node);
  const locals = [...shared.entries()].map(([key, local]) => `, ${local} = c[${JSON.stringify(key)}]`).join('');
  // A null or undefined candidate takes the closures, so the generated reads need no guard.
  const missing = param(composeClosures(node, predicates));
  const constants = params.map((_, i) => `p${i} = p[${i}]`).join(', ');
  const factory = new Function(
    'p',
    'r',
    `'use strict'; const ${constants}; return function specification(c) { if (c === null || c === undefined) return ${missing}(c); let v${locals}; return ${body}; };`,
  );
  return factory(params, readField) as Predicate;
}

/** The code of a field leaf: reads the field (fast path, else `readField`), then tests it. */
function emitLeaf(node: FieldNode, param: (value: unknown) => string, shared: ReadonlyMap<string, string>): string {
  const path = node.field.split('.');
  const read = `(${fastRead(path, shared)} ? v : r(c, ${param(path)}))`;
  const inline = inlineTest(node, param);
  if (inline !== undefined) return inline(`(v = ${read})`);
  return `${param(compileTest(node))}(${read})`;
}

/** `(v = c["a"]) != null && (v = v["b"]) !== undefined`: true when every link is there. */
function fastRead(path: readonly string[], shared: ReadonlyMap<string, string>): string {
  const local = path.length > 1 ? shared.get(path[0] as string) : undefined;
  return path
    .map((key, i) => {
      const last = i === path.length - 1;
      const read = i === 0 && local !== undefined ? local : `${i === 0 ? 'c' : 'v'}[${JSON.stringify(key)}]`;
      return `(v = ${read}) ${last ? '!== undefined' : '!= null'}`;
    })
    .join(' && ');
}

/** The first segments of nested paths that two or more field leaves share, each with a local name. */
function sharedParents(root: SpecNode): ReadonlyMap<string, string> {
  const counts = new Map<string, number>();
  const visit = (node: SpecNode): void => {
    if (node.op === 'and' || node.op === 'or') for (const child of node.of) visit(child);
    else if (node.op === 'not') visit(node.of);
    else if (node.op !== 'predicate') {
      const dot = node.field.indexOf('.');
      if (dot > 0) counts.set(node.field.slice(0, dot), (counts.get(node.field.slice(0, dot)) ?? 0) + 1);
    }
  };
  visit(root);
  const shared = new Map<string, string>();
  for (const [key, count] of counts) if (count > 1) shared.set(key, `h${shared.size}`);
  return shared;
}

type Inline = (value: string) => string;

/** Inline code for the common leaves (primitive and date operands); `undefined` for the rest. */
function inlineTest(node: FieldNode, param: (value: unknown) => string): Inline | undefined {
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
      if (kind === undefined) return undefined;
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
  if (kind === undefined) return undefined;
  const expected = param((operand as { value: unknown }).value);
  return kind === 'date'
    ? (value) => `(${value} instanceof Date && v.getTime() ${symbol} ${expected})`
    : (value) => `(typeof ${value} === "${kind}" && v ${symbol} ${expected})`;
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
