import { ValidationError } from '../core/ValidationError.js';
import type { DateLiteral, Literal, MoneyLiteral, SpecNode } from '../specification/SpecNode.js';
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
// Canonical `Date#toISOString()` text: compared as text, it orders as time.
const ISO_DATE = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$'`;
const DECIMAL = `'^-?[0-9]+(\\.[0-9]+)?$'`;

/**
 * Compiles a query specification (its AST) to a parameterised SQL condition with the same meaning
 * as in memory: field paths read a JSONB document (`data->'address'->>'city'`) or mapped columns,
 * every literal is a bound parameter, a leaf is false when the field is missing, `null` or of
 * another kind than its literal, strings compare by code point (`COLLATE "C"`) and case-sensitively,
 * dates in canonical ISO form compare as time, and `Money` compares by amount within its currency.
 *
 * @param specification - A `Specification` (anything with its AST as `node`) or the AST itself.
 * @param options - The document column, mapped columns and the first placeholder number.
 * @returns The condition and its parameters.
 * @throws {@link UntranslatableSpecificationError} when the specification has a `predicate` leaf.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when a node or an option is malformed.
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

  /** The JSONB value and its text at a field path. */
  const path = (field: string) => jsonPath(document, field, bind);

  const jsonCompare = (field: string, op: Comparison, value: Literal): string => {
    const { json, text } = path(field);
    const sqlOp = OPERATORS[op];
    const when = (test: string, then: string) => `(CASE WHEN ${test} THEN ${then} ELSE FALSE END)`;
    if (typeof value === 'string') {
      return when(`jsonb_typeof(${json}) = 'string'`, `(${text}) COLLATE "C" ${sqlOp} ${bind(value, 'text')}`);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw badLiteral(field);
      return when(`jsonb_typeof(${json}) = 'number'`, `(${text})::numeric ${sqlOp} ${bind(String(value), 'numeric')}`);
    }
    if (typeof value === 'boolean') {
      return when(`jsonb_typeof(${json}) = 'boolean'`, `(${text})::boolean ${sqlOp} ${bind(value, 'boolean')}`);
    }
    if (isDate(value)) {
      const iso = canonicalDate(value.$date, field);
      return when(
        `jsonb_typeof(${json}) = 'string' AND (${text}) ~ ${ISO_DATE}`,
        `(${text}) COLLATE "C" ${sqlOp} ${bind(iso, 'text')}`,
      );
    }
    if (isMoney(value)) {
      const { amount, currency } = value.$money;
      if (typeof amount !== 'string' || !/^-?\d+(\.\d+)?$/.test(amount) || typeof currency !== 'string') {
        throw badLiteral(field);
      }
      return when(
        `jsonb_typeof(${json}) = 'object' AND (${json}->>'currency') = ${bind(currency, 'text')} AND jsonb_typeof(${json}->'amount') = 'string' AND (${json}->>'amount') ~ ${DECIMAL}`,
        `(${json}->>'amount')::numeric ${sqlOp} ${bind(amount, 'numeric')}`,
      );
    }
    throw badLiteral(field);
  };

  const columnCompare = (column: string, field: string, op: Comparison, value: Literal): string => {
    const sqlOp = OPERATORS[op];
    if (typeof value === 'string') return `COALESCE(${column} ${sqlOp} ${bind(value, 'text')}, FALSE)`;
    if (typeof value === 'number' && Number.isFinite(value)) {
      return `COALESCE(${column} ${sqlOp} ${bind(String(value), 'numeric')}, FALSE)`;
    }
    if (typeof value === 'boolean') return `COALESCE(${column} ${sqlOp} ${bind(value, 'boolean')}, FALSE)`;
    if (isDate(value))
      return `COALESCE(${column} ${sqlOp} ${bind(canonicalDate(value.$date, field), 'timestamptz')}, FALSE)`;
    if (isMoney(value)) {
      throw ValidationError.of(
        'Specification',
        field,
        'unsupported_column_literal',
        `Money compares only over a JSON document field, not over the mapped column of ${field}`,
      );
    }
    throw badLiteral(field);
  };

  const compare = (field: string, op: Comparison, value: Literal): string => {
    const column = columns.get(field);
    return column === undefined ? jsonCompare(field, op, value) : columnCompare(column, field, op, value);
  };

  const like = (field: string, pattern: string): string => {
    const column = columns.get(field);
    if (column !== undefined) return `COALESCE(${column} LIKE ${bind(pattern, 'text')}, FALSE)`;
    const { json, text } = path(field);
    return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN (${text}) LIKE ${bind(pattern, 'text')} ELSE FALSE END)`;
  };

  const compile = (node: SpecNode): string => {
    if (typeof node !== 'object' || node === null) {
      throw ValidationError.of('Specification', 'node', 'invalid_node', 'A specification node must be an object');
    }
    switch (node.op) {
      case 'and':
      case 'or': {
        if (node.of.length === 0) return node.op === 'and' ? 'TRUE' : 'FALSE';
        return `(${node.of.map(compile).join(node.op === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `(NOT ${compile(node.of)})`;
      case 'eq':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        return compare(node.field, node.op, node.value);
      case 'ne':
        return `(NOT ${compare(node.field, 'eq', node.value)})`;
      case 'in':
      case 'notIn': {
        const any =
          node.values.length === 0
            ? 'FALSE'
            : `(${node.values.map((value) => compare(node.field, 'eq', value)).join(' OR ')})`;
        return node.op === 'in' ? any : `(NOT ${any})`;
      }
      case 'between':
        return `(${compare(node.field, 'gte', node.low)} AND ${compare(node.field, 'lte', node.high)})`;
      case 'contains':
      case 'startsWith':
      case 'endsWith': {
        if (typeof node.value !== 'string') throw badLiteral(node.field);
        const escaped = node.value.replace(/[\\%_]/g, (c) => `\\${c}`);
        const pattern =
          node.op === 'contains' ? `%${escaped}%` : node.op === 'startsWith' ? `${escaped}%` : `%${escaped}`;
        return like(node.field, pattern);
      }
      case 'isNull': {
        const column = columns.get(node.field);
        if (column !== undefined) return `(${column} IS NULL)`;
        const { json } = path(node.field);
        return `(${json} IS NULL OR jsonb_typeof(${json}) = 'null')`;
      }
      case 'predicate':
        throw new UntranslatableSpecificationError(node.name);
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

function isDate(value: Literal): value is DateLiteral {
  return typeof value === 'object' && value !== null && typeof (value as DateLiteral).$date === 'string';
}

function isMoney(value: Literal): value is MoneyLiteral {
  return typeof value === 'object' && value !== null && typeof (value as MoneyLiteral).$money === 'object';
}

function canonicalDate(iso: string, field: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw badLiteral(field);
  return new Date(time).toISOString();
}

function badLiteral(field: string): ValidationError {
  return ValidationError.of('Specification', field, 'invalid_literal', `Unsupported literal for ${field}`);
}
