import { composeClosures } from './composeClosures.js';
import { generateCode } from './generateCode.js';
import type { Predicate, Predicates } from './Predicate.js';
import type { SpecNode } from './SpecNode.js';

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
