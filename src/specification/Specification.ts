import type * as z from 'zod';
import { unreadableInput } from '../core/checkInput.js';
import { ValidationError } from '../core/ValidationError.js';
import { compileNode } from './compileNode.js';
import type { Explanation } from './Explanation.js';
import { explainNode } from './explainNode.js';
import type { Predicate, Predicates } from './Predicate.js';
import { parseSpecification } from './parseSpecification.js';
import type { SpecificationLimits } from './SpecificationLimits.js';
import type { SpecificationJSON, SpecNode } from './SpecNode.js';

/**
 * The options of {@link Specification.fromJSON}.
 *
 * @example
 * ```ts
 * Specification.fromJSON(json, { schema: OrderSchema, predicates: { isVip: (order) => vips.has(order.customerId) } });
 * ```
 */
export interface FromJSONOptions<T> {
  /**
   * A zod object schema of the candidates: every field of the specification must be one of its
   * paths. zod only: the check reads zod's schema structure, which other validators do not share.
   */
  readonly schema?: z.ZodType<T>;
  /** The in-memory rules that `predicate` nodes may name, by name. */
  readonly predicates?: Readonly<Record<string, (candidate: T) => boolean>>;
  /** Bounds on the size of the specification (nodes, values per list, string lengths). */
  readonly limits?: SpecificationLimits;
}

/**
 * A business rule about candidates of type `T` that is also a query: it tells whether a candidate
 * satisfies it (`isSatisfiedBy`, compiled once into a fast predicate), why not (`explain`),
 * composes (`and`, `or`, `not`, `all`, `any`), and is a plain-JSON AST ({@link SpecNode}) that
 * `toJSON`/`fromJSON` carry over the wire and `toSql` (`tactical-ddd/postgres`) turns into SQL.
 *
 * Build one with the {@link spec} builders. A specification is immutable.
 *
 * @typeParam T - The candidates' type.
 *
 * @example
 * ```ts
 * const isPending = spec.eq<Order>('status', 'pending').named('isPending');
 * const isLarge = spec.gt<Order>('total', 100).named('isLarge');
 * const urgent = isPending.and(isLarge);
 * urgent.isSatisfiedBy(order); // true or false
 * urgent.explain(order).failures; // [{ name: 'isLarge', field: 'total', operator: 'gt', expected: 100, actual: 40, … }]
 * JSON.stringify(urgent); // {"version":1,"spec":{"op":"and","of":[…]}}
 * ```
 */
export class Specification<T> {
  /** The AST (version 1), deep-frozen. */
  readonly node: SpecNode;
  readonly #predicates: Predicates;
  #compiled: Predicate | undefined;

  /**
   * Wraps an AST that is already valid; use the {@link spec} builders or `fromJSON` instead.
   * @internal
   */
  constructor(node: SpecNode, predicates: Predicates = new Map()) {
    this.node = node;
    this.#predicates = predicates;
    Object.freeze(this);
  }

  /** The specification's name, if it has one. */
  get name(): string | undefined {
    return this.node.name;
  }

  /** Whether the specification is pure query (no `predicate` leaves), so it can become SQL or JSON. */
  get translatable(): boolean {
    return this.#predicates.size === 0;
  }

  /**
   * Tells whether `candidate` satisfies the specification (the first call compiles it).
   *
   * @param candidate - The value to test.
   * @returns `true` when it satisfies the specification.
   */
  isSatisfiedBy(candidate: T): boolean {
    this.#compiled ??= compileNode(this.node, this.#predicates);
    return this.#compiled(candidate);
  }

  /**
   * Returns the compiled predicate: a plain function, fast enough for hot loops and `Array#filter`.
   *
   * @returns `(candidate) => boolean`, the same answers as `isSatisfiedBy`.
   * @example
   * ```ts
   * const pending = orders.filter(isPending.toPredicate());
   * ```
   */
  toPredicate(): (candidate: T) => boolean {
    this.#compiled ??= compileNode(this.node, this.#predicates);
    return this.#compiled;
  }

  /**
   * Explains the result for `candidate`: whether it satisfies the specification, and the leaves
   * that made it fail, with their field, operator, expected and actual values.
   *
   * @param candidate - The value to test.
   * @returns The {@link Explanation}.
   * @example
   * ```ts
   * spec.gt<Order>('total', 100).explain(order).failures[0]?.message; // 'total should be greater than 100 but is 40'
   * ```
   */
  explain(candidate: T): Explanation {
    const { holds, failures } = explainNode(this.node, this.#predicates, candidate);
    return Object.freeze({ satisfied: holds, failures: Object.freeze(failures) });
  }

  /**
   * Combines with other specifications: all must hold.
   *
   * @param others - The other specifications.
   * @returns A new specification.
   * @throws TypeError when two different predicate functions have the same name.
   * @example
   * ```ts
   * const urgent = isPending.and(isLarge, isOld);
   * ```
   */
  and(...others: readonly Specification<T>[]): Specification<T> {
    return Specification.combine('and', [this, ...others]);
  }

  /**
   * Combines with other specifications: at least one must hold.
   *
   * @param others - The other specifications.
   * @returns A new specification.
   * @throws TypeError when two different predicate functions have the same name.
   * @example
   * ```ts
   * const attention = isOverdue.or(isDisputed);
   * ```
   */
  or(...others: readonly Specification<T>[]): Specification<T> {
    return Specification.combine('or', [this, ...others]);
  }

  /**
   * Negates the specification.
   *
   * @returns A new specification that holds exactly when this one does not.
   * @example
   * ```ts
   * const notCancelled = spec.eq<Order>('status', 'cancelled').not();
   * ```
   */
  not(): Specification<T> {
    return new Specification({ op: 'not', of: this.node }, this.#predicates);
  }

  /**
   * Names the specification, so that explanations can refer to it.
   *
   * @param name - A non-empty name, such as `'isOverdue'`.
   * @returns A new specification with the same meaning.
   * @throws TypeError when `name` is empty, or when the specification is a predicate (named already).
   * @example
   * ```ts
   * const isPending = spec.eq<Order>('status', 'pending').named('isPending');
   * ```
   */
  named(name: string): Specification<T> {
    if (typeof name !== 'string' || name === '') throw new TypeError('A specification name must be a non-empty string');
    if (this.node.op === 'predicate') throw new TypeError('A predicate specification is named when it is made');
    return new Specification(Object.freeze({ ...this.node, name }), this.#predicates);
  }

  /**
   * Returns the JSON form, `{ version: 1, spec: <AST> }`; predicate leaves appear by name only.
   *
   * @example
   * ```ts
   * const wire = JSON.stringify(isPending); // '{"version":1,"spec":{"op":"eq",…}}'
   * ```
   */
  toJSON(): SpecificationJSON {
    return { version: 1, spec: this.node };
  }

  /**
   * A specification that holds when all of `specs` hold (always, when the list is empty).
   *
   * @param specs - The specifications.
   * @returns A new specification.
   * @throws TypeError when two different predicate functions have the same name.
   * @example
   * ```ts
   * const ready = Specification.all([isPaid, isPacked, hasAddress]);
   * ```
   */
  static all<T>(specs: readonly Specification<T>[]): Specification<T> {
    return Specification.combine('and', specs);
  }

  /**
   * A specification that holds when at least one of `specs` holds (never, when the list is empty).
   *
   * @param specs - The specifications.
   * @returns A new specification.
   * @throws TypeError when two different predicate functions have the same name.
   * @example
   * ```ts
   * const attention = Specification.any([isOverdue, isDisputed]);
   * ```
   */
  static any<T>(specs: readonly Specification<T>[]): Specification<T> {
    return Specification.combine('or', specs);
  }

  /**
   * Reads a specification from its JSON (a value or a string), validating it: the version, every
   * operator and its operands, field paths (no `__proto__`/`constructor`/`prototype`), nesting
   * depth, its size (by default at most 1,000 nodes, 1,000 values per `in` and 1,000 characters
   * per string: see {@link SpecificationLimits}) and, with a schema, that every field exists in it
   * and that no string is compared with a date field nor a date with a string field. Without a
   * schema, memory answers as SQL does, which stores a date as its ISO text: a string literal
   * meets a `Date` as that text, a `$date` literal meets a string as the instant it names.
   *
   * @param json - The JSON, as `toJSON` wrote it.
   * @param schemaOrOptions - A zod object schema of the candidates (zod only: its structure is read), or
   * `{ schema, predicates, limits }` where `predicates` supplies the in-memory rules that `predicate` nodes name.
   * @returns The specification.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field and rule (`unknown_operator`,
   * `forbidden_key`, `unknown_field`, `unknown_predicate`, `too_deep`, `too_many_nodes`, `too_many_values`,
   * `too_long`, `unsupported_character`, `date_out_of_range`, `literal_mismatch`, `invalid_json`,
   * `invalid_limit`, or zod's).
   * @example
   * ```ts
   * const filter = Specification.fromJSON(request.body.filter, OrderSchema);
   * const page = await orders.findAll(filter, { limit: 20 });
   * ```
   */
  static fromJSON<T = unknown>(json: unknown, schemaOrOptions?: z.ZodType<T> | FromJSONOptions<T>): Specification<T> {
    const options: FromJSONOptions<T> = isSchema(schemaOrOptions)
      ? { schema: schemaOrOptions }
      : (schemaOrOptions ?? {});
    const supplied = options.predicates ?? {};
    const names = new Set(Object.keys(supplied).filter((key) => typeof supplied[key] === 'function'));
    let node: SpecNode;
    try {
      node = parseSpecification(json, names, options.schema, options.limits);
    } catch (error) {
      throw unreadableInput('Specification', error); // a getter or Proxy trap of the input threw
    }
    const used = new Map<string, (candidate: never) => boolean>();
    collectPredicates(node, (name) => used.set(name, supplied[name] as (candidate: never) => boolean));
    return new Specification(node, used);
  }

  /**
   * Reads a specification from its JSON like {@link Specification.fromJSON}, returning
   * `{ success: true, data }` or `{ success: false, error }` (a `ValidationError`) instead of throwing.
   *
   * @param json - The JSON, as `toJSON` wrote it.
   * @param schemaOrOptions - As for `fromJSON`.
   * @returns The result, shaped like zod's `safeParse`.
   * @example
   * ```ts
   * const result = Specification.safeFromJSON(request.body.filter, OrderSchema);
   * if (!result.success) return reply.status(400).send({ field: result.error.field, rule: result.error.rule });
   * ```
   */
  static safeFromJSON<T = unknown>(
    json: unknown,
    schemaOrOptions?: z.ZodType<T> | FromJSONOptions<T>,
  ):
    | { readonly success: true; readonly data: Specification<T> }
    | { readonly success: false; readonly error: ValidationError } {
    try {
      return { success: true, data: Specification.fromJSON(json, schemaOrOptions) };
    } catch (error) {
      if (error instanceof ValidationError) return { success: false, error };
      throw error;
    }
  }

  /** Joins specifications under `and`/`or`, flattening unnamed nodes of the same operator. */
  private static combine<T>(op: 'and' | 'or', specs: readonly Specification<T>[]): Specification<T> {
    const of: SpecNode[] = [];
    const predicates = new Map<string, (candidate: never) => boolean>();
    for (const spec of specs) {
      if (!(spec instanceof Specification)) throw new TypeError(`${op}() takes specifications`);
      if (spec.node.op === op && spec.node.name === undefined) of.push(...spec.node.of);
      else of.push(spec.node);
      for (const [name, rule] of spec.#predicates) {
        const known = predicates.get(name);
        if (known !== undefined && known !== rule) throw new TypeError(`Two different predicates are named "${name}"`);
        predicates.set(name, rule);
      }
    }
    return new Specification(Object.freeze({ op, of: Object.freeze(of) }), predicates);
  }
}

function isSchema<T>(value: z.ZodType<T> | FromJSONOptions<T> | undefined): value is z.ZodType<T> {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

function collectPredicates(node: SpecNode, found: (name: string) => void): void {
  if (node.op === 'predicate') found(node.name);
  else if (node.op === 'and' || node.op === 'or') for (const child of node.of) collectPredicates(child, found);
  else if (node.op === 'not') collectPredicates(node.of, found);
}
