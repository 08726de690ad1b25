import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
import { ValidationError } from '../core/ValidationError.js';
import { inDateRange } from '../specification/dateRange.js';
import type { DateLiteral, Literal, MoneyLiteral, SpecNode } from '../specification/SpecNode.js';
import { ISO_DATE_SOURCE } from '../specification/storedForm.js';
import { jsonPath } from './jsonPath.js';
import { quoteIdentifier, sqlIdentifier } from './sqlIdentifier.js';
import { UntranslatableSpecificationError } from './UntranslatableSpecificationError.js';

/**
 * The options of {@link toSql}.
 *
 * @example
 * ```ts
 * const options: ToSqlOptions = { document: 'data', columns: { id: 'id', status: 'status' }, firstParameter: 2 };
 * ```
 */
export interface ToSqlOptions {
  /** The JSONB column that holds the documents whose fields the paths walk (default `'data'`). */
  readonly document?: string;
  /**
   * Fields kept in columns of their own, by field path: `{ id: 'id', status: 'status' }`. A mapped
   * column is compared as it is typed, so give literals of its type.
   */
  readonly columns?: Readonly<Record<string, string>>;
  /** The number of the first placeholder (default 1), to follow parameters of your own. */
  readonly firstParameter?: number;
}

/**
 * A boolean SQL expression and the values of its placeholders.
 *
 * @example
 * ```ts
 * const { text, params }: SqlFragment = toSql(spec.eq('status', 'paid'));
 * ```
 */
export interface SqlFragment {
  /** The expression, with `$n` placeholders. */
  readonly text: string;
  /** The values of the placeholders, in order. */
  readonly params: readonly unknown[];
}

type Comparison = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';
const OPERATORS: Readonly<Record<Comparison, string>> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const DECIMAL = `'^-?[0-9]+(\\.[0-9]+)?$'`;
// An ISO 8601 date-time with an offset, as memory reads one (see storedTime).
const ISO_DATE = `'${ISO_DATE_SOURCE}'`;
/** PostgreSQL's most placeholders in one statement. */
const MAX_PARAMETERS = 65_535;

/** What one leaf tests, grouped by the JSON kind of value it can match. */
interface Branches {
  string: string[];
  number: string[];
  boolean: string[];
  object: string[];
}
const KINDS = ['string', 'number', 'boolean', 'object'] as const;

/**
 * Compiles a query specification (its AST) to a parameterised SQL condition with the same meaning
 * as in memory: field paths read a JSONB document (`data->'address'->>'city'`) or mapped columns,
 * every literal is a bound parameter, a leaf is false when the field is missing, `null` or of
 * another kind than its literal, strings compare by code point (`COLLATE "C"`) and case-sensitively,
 * dates (ISO 8601 text with an offset, years 1 to 9999) compare as instants, and `Money` compares by
 * amount within its currency. The values of an `in` are bound as one array per kind
 * (`= ANY($1::text[])`), so the SQL keeps its size however long the list; the tree is compiled
 * without recursion.
 *
 * @param specification - A `Specification` (anything with its AST as `node`) or the AST itself.
 * @param options - The document column, mapped columns and the first placeholder number.
 * @returns The condition and its parameters.
 * @throws {@link UntranslatableSpecificationError} when the specification has a `predicate` leaf.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when a node or an option is malformed, a date
 * literal is outside years 1 to 9999 (`date_out_of_range`), or the SQL would need more than 65,535
 * parameters (`too_many_parameters`).
 *
 * @example
 * ```ts
 * const { text, params } = toSql(spec.eq('status', 'pending').and(spec.gt('total', 100)), { firstParameter: 2 });
 * await client.query(`SELECT data FROM orders WHERE tenant = $1 AND ${text}`, [tenant, ...params]);
 * ```
 */
export function toSql(specification: { readonly node: SpecNode } | SpecNode, options: ToSqlOptions = {}): SqlFragment {
  const root = 'node' in specification ? specification.node : specification;
  const first = options.firstParameter ?? 1;
  if (!Number.isSafeInteger(first) || first < 1) {
    throw ValidationError.of(
      'ToSqlOptions',
      'firstParameter',
      'invalid_parameter',
      'firstParameter must be a positive integer',
    );
  }
  const document = quoteIdentifier(sqlIdentifier(options.document ?? 'data', 'ToSqlOptions', 'document'));
  const columns = new Map<string, string>();
  for (const [field, column] of Object.entries(options.columns ?? {})) {
    columns.set(field, quoteIdentifier(sqlIdentifier(column, 'ToSqlOptions', `columns.${field}`)));
  }
  const params: unknown[] = [];
  const bind = (value: unknown, type: string): string => {
    params.push(value);
    return `$${first + params.length - 1}::${type}`;
  };

  /**
   * The test of a JSON document field against literals, each compared with `op`; several literals
   * (an `in`) are OR-ed, every literal kind bound once as an array, so the SQL stays the same size
   * however many values there are.
   */
  const jsonTest = (field: string, op: Comparison, literals: readonly Literal[]): string => {
    const { json, text } = jsonPath(document, field, bind);
    const sqlOp = OPERATORS[op];
    const one = literals.length === 1;
    const against = (values: unknown[], type: string) =>
      one ? `${sqlOp} ${bind(values[0], type)}` : `= ANY(${bind(values, `${type}[]`)})`;
    const groups = groupLiterals(field, literals);
    const branches: Branches = { string: [], number: [], boolean: [], object: [] };
    if (groups.strings.length > 0) branches.string.push(`(${text}) COLLATE "C" ${against(groups.strings, 'text')}`);
    if (groups.dates.length > 0) {
      // The day is checked against its month before the cast, which would raise on 31 April.
      branches.string.push(`(CASE WHEN NOT (${text}) ~ ${ISO_DATE} THEN FALSE
        WHEN substr(${text}, 9, 2)::int > extract(day from make_date(substr(${text}, 1, 4)::int, substr(${text}, 6, 2)::int, 1) + interval '1 month - 1 day') THEN FALSE
        ELSE (${text})::timestamptz ${against(groups.dates, 'timestamptz')} END)`);
    }
    if (groups.numbers.length > 0) branches.number.push(`(${text})::numeric ${against(groups.numbers, 'numeric')}`);
    if (groups.booleans.length > 0) branches.boolean.push(`(${text})::boolean ${against(groups.booleans, 'boolean')}`);
    if (groups.money.size > 0) {
      const amount = `(${json}->>'amount')`;
      const byCurrency = [...groups.money].map(
        ([currency, amounts]) =>
          `(${json}->>'currency') = ${bind(currency, 'text')} AND ${amount}::numeric ${against(amounts, 'numeric')}`,
      );
      branches.object.push(
        `(CASE WHEN jsonb_typeof(${json}->'amount') = 'string' AND ${amount} ~ ${DECIMAL} THEN ${byCurrency.join(' OR ')} ELSE FALSE END)`,
      );
    }
    const cases = KINDS.filter((kind) => branches[kind].length > 0).map(
      (kind) => `WHEN '${kind}' THEN ${branches[kind].join(' OR ')}`,
    );
    return cases.length === 0 ? 'FALSE' : `(CASE jsonb_typeof(${json}) ${cases.join(' ')} ELSE FALSE END)`;
  };

  /** The same over a mapped column, compared as it is typed. */
  const columnTest = (column: string, field: string, op: Comparison, literals: readonly Literal[]): string => {
    const sqlOp = OPERATORS[op];
    const one = literals.length === 1;
    const groups = groupLiterals(field, literals);
    if (groups.money.size > 0) {
      throw ValidationError.of(
        'Specification',
        field,
        'unsupported_column_literal',
        `Money compares only over a JSON document field, not over the mapped column of ${field}`,
      );
    }
    const tests = (
      [
        [groups.strings, 'text'],
        [groups.numbers, 'numeric'],
        [groups.booleans, 'boolean'],
        [groups.dates, 'timestamptz'],
      ] as const
    )
      .filter(([values]) => values.length > 0)
      .map(([values, type]) =>
        one ? `${column} ${sqlOp} ${bind(values[0], type)}` : `${column} = ANY(${bind(values, `${type}[]`)})`,
      );
    return tests.length === 0 ? 'FALSE' : `COALESCE(${tests.join(' OR ')}, FALSE)`;
  };

  const test = (field: string, op: Comparison, literals: readonly Literal[]): string => {
    if (!Array.isArray(literals)) throw badLiteral(field);
    const column = columns.get(field);
    return column === undefined ? jsonTest(field, op, literals) : columnTest(column, field, op, literals);
  };

  const like = (field: string, pattern: string): string => {
    const column = columns.get(field);
    if (column !== undefined) return `COALESCE(${column} LIKE ${bind(pattern, 'text')}, FALSE)`;
    const { json, text } = jsonPath(document, field, bind);
    return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN (${text}) LIKE ${bind(pattern, 'text')} ELSE FALSE END)`;
  };

  // Iterative over `and`/`or`/`not`, so a deep tree cannot exhaust the stack.
  const compile = (root: SpecNode): string => {
    const out: string[] = [];
    const work: (SpecNode | { readonly emit: string; readonly count: number; readonly join: string })[] = [root];
    while (work.length > 0) {
      const item = work.pop() as SpecNode | { emit: string; count: number; join: string };
      if ('emit' in item) {
        const parts = out.splice(out.length - item.count, item.count);
        out.push(item.join === 'NOT' ? `(NOT ${parts[0]})` : `(${parts.join(item.join)})`);
        continue;
      }
      const node = item;
      if (typeof node !== 'object' || node === null) {
        throw ValidationError.of('Specification', 'node', 'invalid_node', 'A specification node must be an object');
      }
      if ((node.op === 'and' || node.op === 'or') && Array.isArray(node.of) && node.of.length > 0) {
        work.push({ emit: node.op, count: node.of.length, join: node.op === 'and' ? ' AND ' : ' OR ' });
        for (let i = node.of.length - 1; i >= 0; i--) work.push(node.of[i] as SpecNode);
      } else if (node.op === 'not') {
        work.push({ emit: 'not', count: 1, join: 'NOT' }, node.of);
      } else out.push(leaf(node));
      if (params.length > MAX_PARAMETERS) {
        throw ValidationError.of(
          'Specification',
          'spec',
          'too_many_parameters',
          `The specification needs more than ${MAX_PARAMETERS} SQL parameters`,
        );
      }
    }
    return out[0] as string;
  };

  const leaf = (node: SpecNode): string => {
    switch (node.op) {
      case 'and':
        return 'TRUE';
      case 'or':
        return 'FALSE';
      case 'eq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return test(node.field, node.op, [node.value]);
      case 'ne':
        return `(NOT ${test(node.field, 'eq', [node.value])})`;
      case 'in':
        return test(node.field, 'eq', node.values);
      case 'notIn':
        return `(NOT ${test(node.field, 'eq', node.values)})`;
      case 'between':
        return `(${test(node.field, 'gte', [node.low])} AND ${test(node.field, 'lte', [node.high])})`;
      case 'contains':
      case 'startsWith':
      case 'endsWith': {
        if (typeof node.value !== 'string') throw badLiteral(node.field);
        const escaped = checkText(node.value, node.field).replace(/[\\%_]/g, (c) => `\\${c}`);
        const pattern =
          node.op === 'contains' ? `%${escaped}%` : node.op === 'startsWith' ? `${escaped}%` : `%${escaped}`;
        return like(node.field, pattern);
      }
      case 'isNull': {
        const column = columns.get(node.field);
        if (column !== undefined) return `(${column} IS NULL)`;
        const { json } = jsonPath(document, node.field, bind);
        return `(${json} IS NULL OR jsonb_typeof(${json}) = 'null')`;
      }
      case 'predicate':
        throw new UntranslatableSpecificationError(node.name);
      case 'not':
        throw ValidationError.of('Specification', 'node', 'invalid_node', 'A not node is compiled by its caller');
      default:
        throw ValidationError.of(
          'Specification',
          'op',
          'unknown_operator',
          `Unknown specification operator ${JSON.stringify((node as { op?: unknown }).op)}`,
        );
    }
  };

  return { text: compile(root), params };
}

/** Literals sorted by kind, decoded for binding: numbers as text (exact `numeric`), dates canonical. */
interface LiteralGroups {
  readonly strings: string[];
  readonly numbers: string[];
  readonly booleans: boolean[];
  readonly dates: string[];
  /** Amounts by currency. */
  readonly money: Map<string, string[]>;
}

function groupLiterals(field: string, literals: readonly Literal[]): LiteralGroups {
  const groups: LiteralGroups = { strings: [], numbers: [], booleans: [], dates: [], money: new Map() };
  for (const value of literals) {
    if (typeof value === 'string') groups.strings.push(checkText(value, field));
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw badLiteral(field);
      groups.numbers.push(String(value));
    } else if (typeof value === 'boolean') groups.booleans.push(value);
    else if (isDate(value)) groups.dates.push(canonicalDate(value.$date, field));
    else if (isMoney(value)) {
      const { amount, currency } = value.$money;
      if (typeof amount !== 'string' || !/^-?\d+(\.\d+)?$/.test(amount) || typeof currency !== 'string') {
        throw badLiteral(field);
      }
      const amounts = groups.money.get(currency);
      if (amounts === undefined) groups.money.set(currency, [amount]);
      else amounts.push(amount);
    } else throw badLiteral(field);
  }
  return groups;
}

function isDate(value: Literal): value is DateLiteral {
  return typeof value === 'object' && value !== null && typeof (value as DateLiteral).$date === 'string';
}

function isMoney(value: Literal): value is MoneyLiteral {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MoneyLiteral).$money === 'object' &&
    (value as MoneyLiteral).$money !== null
  );
}

function canonicalDate(iso: string, field: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw badLiteral(field);
  if (!inDateRange(time)) {
    throw ValidationError.of(
      'Specification',
      field,
      'date_out_of_range',
      `Dates compare from year 1 to year 9999; ${iso} is outside`,
    );
  }
  return new Date(time).toISOString();
}

/** A string literal PostgreSQL can take: without U+0000 or a lone surrogate. */
function checkText(text: string, field: string): string {
  if (isUnstorableText(text)) {
    throw ValidationError.of(
      'Specification',
      field,
      'unsupported_character',
      `The value for ${field} ${UNSTORABLE_MESSAGE}`,
    );
  }
  return text;
}

function badLiteral(field: string): ValidationError {
  return ValidationError.of('Specification', field, 'invalid_literal', `Unsupported literal for ${field}`);
}
