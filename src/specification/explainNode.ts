import { readField } from '../core/readField.js';
import { compileTest } from './compileTest.js';
import type { Failure } from './Explanation.js';
import { operandValue, toOperand } from './Operand.js';
import type { Predicates } from './Predicate.js';
import type { FieldNode, Literal, SpecNode } from './SpecNode.js';

/**
 * Evaluates `node` on `candidate` and collects the leaves that make it differ from `wanted`: for
 * `and` the false children, for `or` all of them; `not` flips what is wanted.
 * @internal
 */
export function explainNode(
  node: SpecNode,
  predicates: Predicates,
  candidate: unknown,
  wanted = true,
  within: readonly string[] = [],
): { readonly holds: boolean; readonly failures: Failure[] } {
  const inner = node.op !== 'predicate' && node.name !== undefined ? [...within, node.name] : within;
  switch (node.op) {
    case 'and':
    case 'or': {
      const results = node.of.map((child) => explainNode(child, predicates, candidate, wanted, inner));
      const holds = node.op === 'and' ? results.every((r) => r.holds) : results.some((r) => r.holds);
      if (holds === wanted) return { holds, failures: [] };
      // The children that pushed the result the wrong way.
      return { holds, failures: results.filter((r) => r.holds !== wanted).flatMap((r) => r.failures) };
    }
    case 'not': {
      const result = explainNode(node.of, predicates, candidate, !wanted, inner);
      return { holds: !result.holds, failures: result.failures };
    }
    case 'predicate': {
      const rule = predicates.get(node.name) as ((candidate: unknown) => boolean) | undefined;
      const holds = rule !== undefined && rule(candidate) === true;
      if (holds === wanted) return { holds, failures: [] };
      const message = wanted ? `${node.name} is not satisfied` : `${node.name} should not be satisfied`;
      return { holds, failures: [{ name: node.name, within, operator: 'predicate', negated: !wanted, message }] };
    }
    default: {
      const actual = readField(candidate, node.field.split('.'));
      const holds = compileTest(node)(actual);
      if (holds === wanted) return { holds, failures: [] };
      return { holds, failures: [leafFailure(node, within, actual, !wanted)] };
    }
  }
}

const WORDING: Record<FieldNode['op'], string> = {
  eq: 'equal to',
  ne: 'different from',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  in: 'one of',
  notIn: 'none of',
  between: 'between',
  contains: 'containing',
  startsWith: 'starting with',
  endsWith: 'ending with',
  isNull: 'null',
};

function leafFailure(node: FieldNode, within: readonly string[], actual: unknown, negated: boolean): Failure {
  const expected = expectedOf(node);
  const operand =
    node.op === 'isNull'
      ? ''
      : ` ${node.op === 'between' ? (expected as unknown[]).map(show).join(' and ') : show(expected)}`;
  const label = node.name === undefined ? '' : `${node.name}: `;
  const message = `${label}${node.field} should ${negated ? 'not ' : ''}be ${WORDING[node.op]}${operand} but is ${show(actual)}`;
  return {
    ...(node.name === undefined ? {} : { name: node.name }),
    within,
    field: node.field,
    operator: node.op,
    negated,
    ...(node.op === 'isNull' ? {} : { expected }),
    actual,
    message,
  };
}

function expectedOf(node: FieldNode): unknown {
  const decode = (literal: Literal) => operandValue(toOperand(literal));
  switch (node.op) {
    case 'in':
    case 'notIn':
      return node.values.map(decode);
    case 'between':
      return [decode(node.low), decode(node.high)];
    case 'isNull':
      return undefined;
    default:
      return decode(node.value);
  }
}

/** Shows a value in a message: strings quoted, dates in ISO, money as `19.99 USD`. */
function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const { amount, currency } = value as Record<string, unknown>;
    if (typeof amount === 'string' && typeof currency === 'string') return `${amount} ${currency}`;
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return show(json.call(value));
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
