import { readField } from '../core/readField.js';
import { compileTest } from './compileTest.js';
import { composeClosures, predicateOf } from './composeClosures.js';
import { inlineTest } from './inlineTest.js';
import type { Predicate, Predicates } from './Predicate.js';
import type { FieldNode, SpecNode } from './SpecNode.js';

/**
 * Generates the predicate's code; see `compileNode`. Throws where `new Function` is not allowed.
 * @internal
 */
export function generateCode(node: SpecNode, predicates: Predicates): Predicate {
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
  // A shared parent is checked once: anything but a plain object leaves the fast path (`undefined`).
  const plainLocals = [...shared.values()]
    .map((local) => ` if (${local} != null && g(${local}) !== o) ${local} = undefined;`)
    .join('');
  // A null or undefined candidate takes the closures, so the generated reads need no guard.
  const missing = param(composeClosures(node, predicates));
  const constants = params.map((_, i) => `p${i} = p[${i}]`).join(', ');
  const factory = new Function(
    'p',
    'r',
    'g',
    'o',
    `'use strict'; const ${constants}; return function specification(c) { if (c === null || c === undefined) return ${missing}(c); let v${locals};${plainLocals} return ${body}; };`,
  );
  return factory(params, readField, Object.getPrototypeOf, Object.prototype) as Predicate;
}

/** The code of a field leaf: reads the field (fast path, else `readField`), then tests it. */
function emitLeaf(node: FieldNode, param: (value: unknown) => string, shared: ReadonlyMap<string, string>): string {
  const path = node.field.split('.');
  const read = `(${fastRead(path, shared)} ? v : r(c, ${param(path)}))`;
  const inline = inlineTest(node, param);
  if (inline !== undefined) return inline(`(v = ${read})`);
  return `${param(compileTest(node))}(${read})`;
}

/**
 * `(v = c["a"]) != null && g(v) === o && (v = v["b"]) !== undefined`: true when every link is
 * there and each one passed through is a plain object (anything else, such as an entity, a `Money`
 * or an array, takes `readField`, which reads it as it is stored).
 */
function fastRead(path: readonly string[], shared: ReadonlyMap<string, string>): string {
  const local = path.length > 1 ? shared.get(path[0] as string) : undefined;
  return path
    .map((key, i) => {
      const last = i === path.length - 1;
      if (i === 0 && local !== undefined) return `(v = ${local}) != null`; // checked once, above
      const read = `${i === 0 ? 'c' : 'v'}[${JSON.stringify(key)}]`;
      return last ? `(v = ${read}) !== undefined` : `(v = ${read}) != null && g(v) === o`;
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
