import { readField } from '../core/readField.js';
import { compileTest } from './compileTest.js';
import type { Predicate, Predicates } from './Predicate.js';
import type { SpecNode } from './SpecNode.js';

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
          // Only a plain object is read directly; readField reads anything else as it is stored.
          const direct =
            parent == null || Object.getPrototypeOf(parent) !== Object.prototype
              ? undefined
              : (parent as Record<string, unknown>)[second];
          return test(direct !== undefined ? direct : readField(candidate, path));
        };
      }
      return (candidate) => test(readField(candidate, path));
    }
  }
}

/** The rule a `predicate` node names, as a predicate that answers a strict boolean. @internal */
export function predicateOf(name: string, predicates: Predicates): Predicate {
  const rule = predicates.get(name) as ((candidate: unknown) => boolean) | undefined;
  if (rule === undefined) throw new TypeError(`No predicate named "${name}"`);
  return (candidate) => rule(candidate) === true;
}
