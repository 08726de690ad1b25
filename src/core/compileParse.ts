import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { MAX_INPUT_DEPTH } from './forbiddenKeyPath.js';

/** What a compiled parser returns when it cannot vouch for an input: zod then decides. @internal */
export const ASK_ZOD: unique symbol = /*@__PURE__*/ Symbol('tactical-ddd.askZod');

/** A parser that returns zod's output for inputs it accepts, and {@link ASK_ZOD} for any other. @internal */
export type CompiledParse = (input: unknown) => unknown;

type Check = { readonly check?: string; readonly [key: string]: unknown };

/**
 * A schema the library makes (`Money.schema`, `Address.schema`) with a parser of its own, written
 * like the hand-written code it replaces: it returns {@link ASK_ZOD} for any input it does not
 * accept outright, and zod (the schema itself) then decides and words the error.
 * @internal
 */
export interface KnownSchema extends CompiledSchema {
  /** Whether what it returns, from its parser or from zod, is frozen all the way down (a `Money`). */
  readonly frozen: boolean;
}

const knownSchemas = /*@__PURE__*/ new WeakMap<object, KnownSchema>();

/**
 * Gives a schema the library makes a parser of its own, which {@link compileParse} uses for the
 * schema and for any object field of that schema. The parser must accept only what the schema
 * accepts and return what it returns (the compiled-parser tests check it against zod).
 * @internal
 */
export function registerKnownSchema<TSchema extends object>(schema: TSchema, known: KnownSchema): TSchema {
  knownSchemas.set(schema, known);
  return schema;
}

/** The parser the library registered for `schema`, if any. @internal */
export function knownSchema(schema: object): KnownSchema | undefined {
  return knownSchemas.get(schema);
}

/** The parser a schema compiles to, and whether it is closed. @internal */
export interface CompiledSchema {
  readonly parse: CompiledParse;
  /**
   * Every level an object of checked fields (or a closed known schema) whose parser refuses what an
   * input scan would: a key named `__proto__`, `constructor` or `prototype`, and (for an object
   * that strips unknown keys) an unknown key holding an object. An input scan for forbidden keys
   * and depth is then not needed when the compiled parser accepts an input.
   */
  readonly closed: boolean;
}

/**
 * A compiled field: its parser, and, for checks simple enough to write inline, `fails`: the source
 * of a JavaScript condition that is true when the value in `v` is not acceptable (`aux` adds a
 * value the generated code can reach by the name it returns).
 */
interface Field {
  readonly parse: CompiledParse;
  readonly fails?: (v: string, aux: (value: unknown) => string) => string;
  /** No key outside the schema gets through (a primitive, a closed object or known schema). */
  readonly closed: boolean;
}

const checksOf = (schema: z.ZodType): readonly Check[] =>
  ((schema.def as unknown as { checks?: readonly { _zod: { def: Check } }[] }).checks ?? []).map(
    (check) => check._zod.def,
  );

/**
 * Compiles the common shape of the schemas that value objects, commands and events are made of (an
 * object of strings with length bounds, numbers and integers with bounds, booleans, literals, enums
 * and nested such objects; any other field is parsed by its own schema) into a function that
 * parses with no more work than hand-written checks. It accepts exactly what zod accepts and
 * returns what zod returns: for an input it cannot vouch for (one zod would reject, or an unusual
 * one) it returns {@link ASK_ZOD}, and the caller runs zod, which gives the error.
 *
 * @param schema - The schema to compile (a schema of another library is never compiled).
 * @returns The parser, or `undefined` when the schema is not a zod object this compiles.
 * @internal
 */
export function compileParse(schema: StandardSchemaV1): CompiledParse | undefined {
  return compileSchema(schema)?.parse;
}

/**
 * {@link compileParse}, with whether the compiled parser is closed.
 *
 * @param schema - The schema to compile.
 * @returns The parser and whether it is closed, or `undefined` when the schema does not compile.
 * @internal
 */
export function compileSchema(schema: StandardSchemaV1): CompiledSchema | undefined {
  const known = knownSchemas.get(schema);
  if (known !== undefined) return known;
  return compileObject(schema, 1);
}

/** The keys an input scan refuses (see `scanInput`). */
const FORBIDDEN_KEYS: ReadonlySet<string> = /*@__PURE__*/ new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `depth` is how many objects deep this one is: from {@link MAX_INPUT_DEPTH} on (where an input
 * scan could refuse it or a known schema's object inside it), it is not closed.
 */
function compileObject(schema: StandardSchemaV1, depth: number): CompiledSchema | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const def = schema.def;
  if (checksOf(schema).length > 0) return undefined;
  const catchall = def.catchall;
  const strict = catchall instanceof z.ZodNever;
  if (catchall !== undefined && !strict) return undefined;
  const shape = def.shape as Record<string, z.ZodType>;
  if (Object.getOwnPropertySymbols(shape).length > 0) return undefined;
  const keys = Object.keys(shape);
  if (keys.includes('__proto__')) return undefined;
  const fields: Field[] = [];
  const delegated: boolean[] = [];
  // The input scan allows MAX_INPUT_DEPTH levels of objects: a deeper schema leaves it to the scan.
  let closed = depth < MAX_INPUT_DEPTH;
  for (const key of keys) {
    const field = shape[key] as z.ZodType;
    // Optional, defaulted and `unknown` fields decide whether the key appears in the output.
    if (field._zod.optin !== undefined || field._zod.optout !== undefined) return undefined;
    const compiled = compileField(field, depth);
    fields.push(compiled ?? { parse: delegate(field), closed: false });
    delegated.push(compiled === undefined);
    if (compiled === undefined || !compiled.closed) closed = false;
  }
  const keySet = new Set(keys);
  const count = keys.length;
  const generated = canGenerate() ? generate(keys, fields, delegated, strict, keySet) : undefined;
  if (generated !== undefined) return { parse: generated, closed };
  const parsers = fields.map((field) => field.parse);
  const parse: CompiledParse = (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return ASK_ZOD;
    const source = input as Record<string, unknown>;
    let seen = 0;
    for (const key in input) {
      if (FORBIDDEN_KEYS.has(key)) return ASK_ZOD;
      if (keySet.has(key)) seen++;
      else if (strict) return ASK_ZOD;
      else {
        const value = source[key];
        if (typeof value === 'object' && value !== null) return ASK_ZOD;
      }
    }
    if (strict && seen > count) return ASK_ZOD;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = keys[i] as string;
      if (delegated[i] === true && !(key in source)) return ASK_ZOD;
      const value = (parsers[i] as CompiledParse)(source[key]);
      if (value === ASK_ZOD) return ASK_ZOD;
      out[key] = value;
    }
    return out;
  };
  return { parse, closed };
}

/** A field that this does not compile, parsed by its own schema. */
function delegate(field: z.ZodType): CompiledParse {
  return (value) => {
    const result = field.safeParse(value);
    return result.success ? result.data : ASK_ZOD;
  };
}

function compileField(field: z.ZodType, depth: number): Field | undefined {
  const known = knownSchemas.get(field);
  if (known !== undefined) return known;
  const def = field.def as { type: string; coerce?: boolean; format?: string };
  if (def.coerce === true) return undefined;
  switch (def.type) {
    case 'string':
      return def.format === undefined ? compileString(checksOf(field)) : undefined;
    case 'number':
      return def.format === undefined || def.format === 'safeint'
        ? compileNumber(def.format === 'safeint', checksOf(field))
        : undefined;
    case 'boolean':
      return checksOf(field).length === 0
        ? {
            parse: (value) => (typeof value === 'boolean' ? value : ASK_ZOD),
            fails: (v) => `typeof ${v} !== "boolean"`,
            closed: true,
          }
        : undefined;
    case 'literal':
    case 'enum':
      return compileValues(field);
    case 'object':
      return compileObject(field, depth + 1);
    default:
      return undefined;
  }
}

/** zod's length of a string: its code points, counted only where the UTF-16 length leaves doubt. */
const codePoints = (value: string): number => z.core.util.codePointLength(value);

/**
 * Whether a string's length is within `min` and `max` as zod's `min`/`max` checks measure it (in
 * code points, counted only where the UTF-16 length leaves doubt). @internal
 */
export function lengthWithin(value: string, min: number, max: number): boolean {
  const units = value.length;
  if (min > 0 && (units >= min && units < min * 2 ? codePoints(value) : units) < min) return false;
  return !(units > max && codePoints(value) > max);
}

function compileString(checks: readonly Check[]): Field | undefined {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  let exact = -1;
  for (const check of checks) {
    if (check.check === 'min_length' && typeof check.minimum === 'number') min = Math.max(min, check.minimum);
    else if (check.check === 'max_length' && typeof check.maximum === 'number') max = Math.min(max, check.maximum);
    else if (check.check === 'length_equals' && typeof check.length === 'number' && exact === -1) exact = check.length;
    else return undefined;
  }
  const parse: CompiledParse = (value) => {
    if (typeof value !== 'string' || !lengthWithin(value, min, max)) return ASK_ZOD;
    const units = value.length;
    if (exact !== -1 && (units >= exact && units <= exact * 2 ? codePoints(value) : units) !== exact) return ASK_ZOD;
    return value;
  };
  const fails = (v: string, aux: (value: unknown) => string): string => {
    const cp = aux(codePoints);
    const parts = [`typeof ${v} !== "string"`];
    if (min > 0) parts.push(`(${v}.length >= ${min} && ${v}.length < ${min * 2} ? ${cp}(${v}) : ${v}.length) < ${min}`);
    if (max !== Number.POSITIVE_INFINITY) parts.push(`(${v}.length > ${max} && ${cp}(${v}) > ${max})`);
    if (exact !== -1) {
      parts.push(`(${v}.length >= ${exact} && ${v}.length <= ${exact * 2} ? ${cp}(${v}) : ${v}.length) !== ${exact}`);
    }
    return parts.join(' || ');
  };
  return { parse, fails, closed: true };
}

function compileNumber(integer: boolean, checks: readonly Check[]): Field | undefined {
  let safeInteger = integer;
  let low = Number.NEGATIVE_INFINITY;
  let lowInclusive = true;
  let high = Number.POSITIVE_INFINITY;
  let highInclusive = true;
  for (const check of checks) {
    const value = check.value;
    if (check.check === 'number_format' && check.format === 'safeint') safeInteger = true;
    else if (check.check === 'greater_than' && typeof value === 'number') {
      if (value > low || (value === low && check.inclusive !== true)) {
        low = value;
        lowInclusive = check.inclusive === true;
      }
    } else if (check.check === 'less_than' && typeof value === 'number') {
      if (value < high || (value === high && check.inclusive !== true)) {
        high = value;
        highInclusive = check.inclusive === true;
      }
    } else return undefined;
  }
  const parse: CompiledParse = (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return ASK_ZOD;
    if (safeInteger && !Number.isSafeInteger(value)) return ASK_ZOD;
    if (lowInclusive ? value < low : value <= low) return ASK_ZOD;
    if (highInclusive ? value > high : value >= high) return ASK_ZOD;
    return value;
  };
  const fails = (v: string, aux: (value: unknown) => string): string => {
    const parts = [`typeof ${v} !== "number"`, safeInteger ? `!Number.isSafeInteger(${v})` : `!Number.isFinite(${v})`];
    if (low !== Number.NEGATIVE_INFINITY) parts.push(`${v} ${lowInclusive ? '<' : '<='} ${aux(low)}`);
    if (high !== Number.POSITIVE_INFINITY) parts.push(`${v} ${highInclusive ? '>' : '>='} ${aux(high)}`);
    return parts.join(' || ');
  };
  return { parse, fails, closed: true };
}

function compileValues(field: z.ZodType): Field | undefined {
  if (checksOf(field).length > 0) return undefined;
  // zod's own reading of an enum's values (a TypeScript numeric enum's reverse keys left out).
  const values: readonly unknown[] =
    field instanceof z.ZodEnum
      ? z.core.util.getEnumValues(field.def.entries)
      : field instanceof z.ZodLiteral
        ? [...field.values]
        : [];
  if (values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  const allowed = new Set<unknown>(values);
  return {
    parse: (value) => (allowed.has(value) ? value : ASK_ZOD),
    fails: (v, aux) => `!${aux(allowed)}.has(${v})`,
    closed: true,
  };
}

/** Whether code may be generated: zod's own test (no `jitless` setting, `new Function` allowed). */
function canGenerate(): boolean {
  return z.core.globalConfig.jitless !== true && z.core.util.allowsEval.value;
}

/**
 * Writes the object's parser as one function, as zod does for its own fast path: field reads and
 * the output object literal with fixed keys, which engines run several times faster than reads
 * and writes through variable keys. Numbers, sets and sub-parsers are passed in, never written
 * into the source; keys are written as JSON strings.
 */
function generate(
  keys: readonly string[],
  fields: readonly Field[],
  delegated: readonly boolean[],
  strict: boolean,
  keySet: ReadonlySet<string>,
): CompiledParse | undefined {
  const values: unknown[] = [];
  const aux = (value: unknown): string => {
    values.push(value);
    return `aux[${values.length - 1}]`;
  };
  const lines = ['if (typeof input !== "object" || input === null || Array.isArray(input)) return ASK;'];
  // One pass over the input's keys, a switch (cheaper than a set lookup for the handful of keys a
  // shape has): the forbidden keys (first, so that a field so named does not admit one), then the
  // schema's; any other key is refused by a strict object, and by one that strips it when it holds
  // an object (which the input scan would have to walk).
  const forbidden = [...FORBIDDEN_KEYS].map((key) => `case ${JSON.stringify(key)}:`).join(' ');
  const cases = [...keySet].map((key) => `case ${JSON.stringify(key)}:`).join(' ');
  const other = strict ? 'return ASK;' : 'if (typeof input[key] === "object" && input[key] !== null) return ASK;';
  lines.push(
    `let seen = 0; for (const key in input) { switch (key) { ${forbidden} return ASK; ${cases} seen++; break; default: ${other} } }`,
  );
  if (strict) lines.push(`if (seen > ${keys.length}) return ASK;`);
  keys.forEach((key, i) => {
    const name = JSON.stringify(key);
    const field = fields[i] as Field;
    if (delegated[i] === true) lines.push(`if (!(${name} in input)) return ASK;`);
    if (field.fails === undefined) {
      lines.push(`const v${i} = ${aux(field.parse)}(input[${name}]); if (v${i} === ASK) return ASK;`);
    } else {
      lines.push(`const v${i} = input[${name}]; if (${field.fails(`v${i}`, aux)}) return ASK;`);
    }
  });
  lines.push(`return { ${keys.map((key, i) => `${JSON.stringify(key)}: v${i}`).join(', ')} };`);
  try {
    const factory = new Function('ASK', 'aux', `return (input) => {\n${lines.join('\n')}\n};`);
    return factory(ASK_ZOD, values) as CompiledParse;
  } catch {
    return undefined;
  }
}
