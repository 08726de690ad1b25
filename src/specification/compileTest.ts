import { compareToOperand, type Operand, toOperand } from './Operand.js';
import type { FieldNode } from './SpecNode.js';

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
      return ordered(toOperand(node.value), (order) => order > 0);
    case 'gte':
      return ordered(toOperand(node.value), (order) => order >= 0);
    case 'lt':
      return ordered(toOperand(node.value), (order) => order < 0);
    case 'lte':
      return ordered(toOperand(node.value), (order) => order <= 0);
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
      return (value) => typeof value === 'string' && value.includes(text);
    }
    case 'startsWith': {
      const text = node.value;
      return (value) => typeof value === 'string' && value.startsWith(text);
    }
    case 'endsWith': {
      const text = node.value;
      return (value) => typeof value === 'string' && value.endsWith(text);
    }
    case 'isNull':
      return (value) => value === null || value === undefined;
  }
}

function equalTo(operand: Operand): (value: unknown) => boolean {
  if (operand.kind === 'string' || operand.kind === 'number' || operand.kind === 'boolean') {
    const expected = operand.value;
    return (value) => value === expected;
  }
  return (value) => compareToOperand(value, operand) === 0;
}

function ordered(operand: Operand, accept: (order: number) => boolean): (value: unknown) => boolean {
  return (value) => {
    const order = compareToOperand(value, operand);
    return order !== undefined && accept(order);
  };
}
