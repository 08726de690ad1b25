import type * as z from 'zod';
import { deepFreeze } from '../core/deepFreeze.js';
import { forbiddenKeyPath } from '../core/forbiddenKeyPath.js';
import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';
import { ZOD_WRAPPER_TYPES } from '../core/zodWrapperTypes.js';
import { fieldProblem } from './checkField.js';
import { inDateRange } from './dateRange.js';
import { resolveLimits, type SpecificationLimits } from './SpecificationLimits.js';
import type { Literal, SpecNode } from './SpecNode.js';
import { specificationSchema } from './specificationSchema.js';

const OPERATORS = /*@__PURE__*/ new Set([
  'and',
  'or',
  'not',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notIn',
  'between',
  'contains',
  'startsWith',
  'endsWith',
  'isNull',
  'predicate',
]);

/** How deep a specification's JSON may nest: deeper input is refused before it can exhaust the stack. */
const MAX_DEPTH = 64;

const fail = (path: readonly PropertyKey[], rule: string, message: string): never => {
  throw new ValidationError('Specification', [{ path, field: path.map(String).join('.'), rule, message }]);
};

/**
 * Validates a specification's JSON (a value or a JSON string) and returns its AST, deep-frozen.
 *
 * @param json - The JSON.
 * @param predicates - The names of the in-memory rules the caller can supply.
 * @param schema - When given, every field must be a path of this zod object schema.
 * @param limits - The bounds on nodes, list values and string lengths.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} with rule `invalid_json`, `forbidden_key`, `too_deep`,
 * `too_many_nodes`, `too_many_values`, `too_long`, `unsupported_character`, `literal_mismatch`, `unknown_operator`, `invalid_field`, `unknown_predicate`,
 * `unknown_field`, or zod's rule.
 * @internal
 */
export function parseSpecification(
  json: unknown,
  predicates: ReadonlySet<string>,
  schema?: z.ZodType,
  limits?: SpecificationLimits,
): SpecNode {
  const bounds = resolveLimits(limits);
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (error) {
      throw new ValidationError(
        'Specification',
        [{ path: [], field: '', rule: 'invalid_json', message: 'The specification is not valid JSON' }],
        { cause: error },
      );
    }
  }
  scan(input, bounds);
  const forbidden = forbiddenKeyPath(input);
  if (forbidden !== undefined) fail(forbidden, 'forbidden_key', `Key "${String(forbidden.at(-1))}" is not allowed`);
  if (typeof input === 'object' && input !== null) {
    const count = { nodes: 0 };
    walk((input as { spec?: unknown }).spec, ['spec'], bounds, count);
  }
  const result = specificationSchema().safeParse(input);
  if (!result.success) throw ValidationError.fromZod('Specification', result.error);
  const root = result.data.spec;
  visit(root, ['spec'], (node, path) => {
    if (node.op === 'predicate') {
      if (!predicates.has(node.name)) {
        fail([...path, 'name'], 'unknown_predicate', `No predicate named "${node.name}" was supplied`);
      }
    } else if ('field' in node && schema !== undefined) {
      if (!hasPath(schema, node.field.split('.'))) {
        fail([...path, 'field'], 'unknown_field', `The schema has no field "${node.field}"`);
      }
      const mismatch = dateMismatch(node, leafKind(schema, node.field.split('.')));
      if (mismatch !== undefined) fail([...path, ...mismatch], 'literal_mismatch', mismatchMessage(node.field));
    }
    for (const [key, literal] of literalsOf(node)) {
      if (typeof literal === 'object' && '$date' in literal && !inDateRange(Date.parse(literal.$date))) {
        fail(
          [...path, ...key],
          'date_out_of_range',
          `Dates compare from year 1 to year 9999; ${literal.$date} is outside`,
        );
      }
    }
  });
  return deepFreeze(root);
}

/**
 * Refuses a value nested deeper than a specification can be (each level of the AST is two levels
 * of JSON: a node and its `of` list), a string or key longer than the limit, and an array longer
 * than any list of the AST can be, without recursion, so hostile input cannot exhaust the stack.
 */
function scan(input: unknown, bounds: Required<SpecificationLimits>): void {
  const maxArray = Math.max(bounds.maxNodes, bounds.maxListValues);
  const tooLong = (path: PropertyKey[]) =>
    fail(path, 'too_long', `Strings in a specification are at most ${bounds.maxStringLength} characters`);
  const stack: [unknown, PropertyKey[]][] = [[input, []]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [value, path] = entry;
    if (typeof value === 'string') {
      if (value.length > bounds.maxStringLength) tooLong(path);
      if (isUnstorableText(value)) fail(path, 'unsupported_character', `A string ${UNSTORABLE_MESSAGE}`);
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > 2 * MAX_DEPTH + 4) fail(path, 'too_deep', `Specifications nest at most ${MAX_DEPTH} levels`);
    if (Array.isArray(value) && value.length > maxArray) {
      fail(path, 'too_many_values', `A list in a specification holds at most ${maxArray} items`);
    }
    for (const key of Object.keys(value)) {
      if (key.length > bounds.maxStringLength) tooLong(path);
      if (isUnstorableText(key)) fail(path, 'unsupported_character', `A key ${UNSTORABLE_MESSAGE}`);
      stack.push([(value as Record<string, unknown>)[key], [...path, key]]);
    }
  }
}

/** Checks operators, field paths and the node and list counts before zod sees the input. */
function walk(
  node: unknown,
  path: PropertyKey[],
  bounds: Required<SpecificationLimits>,
  count: { nodes: number },
): void {
  if (typeof node !== 'object' || node === null) return; // zod reports the type
  count.nodes++;
  if (count.nodes > bounds.maxNodes) {
    fail(path, 'too_many_nodes', `A specification holds at most ${bounds.maxNodes} nodes`);
  }
  const { op, of, field, values } = node as Record<string, unknown>;
  if (Array.isArray(values) && values.length > bounds.maxListValues) {
    fail([...path, 'values'], 'too_many_values', `An in or notIn holds at most ${bounds.maxListValues} values`);
  }
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    fail([...path, 'op'], 'unknown_operator', `Unknown operator ${JSON.stringify(op) ?? 'undefined'}`);
  }
  if (typeof field === 'string') {
    const problem = fieldProblem(field);
    if (problem !== undefined) fail([...path, 'field'], problem.rule, problem.message);
  }
  if (Array.isArray(of)) {
    for (const [i, child] of of.entries()) walk(child, [...path, 'of', i], bounds, count);
  } else walk(of, [...path, 'of'], bounds, count);
}

/** The literals of a node, each with its path inside the node. */
function literalsOf(node: SpecNode): [PropertyKey[], Literal][] {
  switch (node.op) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return [[['value'], node.value]];
    case 'between':
      return [
        [['low'], node.low],
        [['high'], node.high],
      ];
    case 'in':
    case 'notIn':
      return node.values.map((value, i) => [['values', i], value]);
    default:
      return [];
  }
}

function visit(node: SpecNode, path: PropertyKey[], check: (node: SpecNode, path: PropertyKey[]) => void): void {
  check(node, path);
  if (node.op === 'and' || node.op === 'or') {
    for (const [i, child] of node.of.entries()) visit(child, [...path, 'of', i], check);
  } else if (node.op === 'not') visit(node.of, [...path, 'of'], check);
}

/**
 * Where a leaf sets a string against a date field (or a date against a string field), which memory
 * and SQL would read differently: memory holds a `Date`, the stored document its ISO text.
 */
function dateMismatch(node: SpecNode, kind: 'date' | 'string' | undefined): PropertyKey[] | undefined {
  if (kind === undefined) return undefined;
  if (kind === 'date' && (node.op === 'contains' || node.op === 'startsWith' || node.op === 'endsWith')) {
    return ['op'];
  }
  for (const [key, literal] of literalsOf(node)) {
    const isDate = typeof literal === 'object' && '$date' in literal;
    if (kind === 'date' ? typeof literal === 'string' : isDate) return key;
  }
  return undefined;
}

const mismatchMessage = (field: string): string =>
  `"${field}" is a date in the schema and compares only with { $date } literals (and a string field never with one)`;

/** Whether the schema's value at a path is a date or a string (after transforms), if it says. */
function leafKind(schema: z.ZodType, path: readonly string[]): 'date' | 'string' | undefined {
  let current: unknown = schema;
  for (const key of path) {
    const def = (unwrap(current) as { def?: { shape?: Record<string, unknown> } }).def;
    current = def?.shape?.[key];
  }
  // The candidates hold what the schema outputs: a pipe's (a codec's) output side.
  for (;;) {
    const def = (current as { def?: { type?: string; innerType?: unknown; out?: unknown } } | undefined)?.def;
    if (def?.type !== undefined && ZOD_WRAPPER_TYPES.has(def.type) && def.innerType !== undefined)
      current = def.innerType;
    else if (def?.type === 'pipe' && def.out !== undefined) current = def.out;
    else return def?.type === 'date' ? 'date' : def?.type === 'string' ? 'string' : undefined;
  }
}

/** Whether a zod schema has an object path (through optional, nullable and similar wrappers). */
function hasPath(schema: z.ZodType, path: readonly string[]): boolean {
  let current: unknown = schema;
  for (const key of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
    if (def?.type !== 'object' || def.shape === undefined || !Object.hasOwn(def.shape, key)) return false;
    current = def.shape[key];
  }
  return true;
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = (current as { def?: { type?: string; innerType?: unknown; in?: unknown } }).def;
    if (def?.type !== undefined && ZOD_WRAPPER_TYPES.has(def.type) && def.innerType !== undefined)
      current = def.innerType;
    else if (def?.type === 'pipe' && def.in !== undefined) current = def.in;
    else return current;
  }
}
