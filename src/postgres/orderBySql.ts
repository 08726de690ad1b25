import { checkOrderByKeys } from '../core/checkOrderByKeys.js';
import { ValidationError } from '../core/ValidationError.js';
import { type Bind, jsonPath } from './jsonPath.js';

/** One sort key of a page: a field path, ascending unless told otherwise. @internal */
export interface SortKey {
  readonly field: string;
  readonly direction?: 'asc' | 'desc';
}

const MONEY = `'^-?[0-9]+(\\.[0-9]+)?$'`;

/**
 * The ORDER BY items that sort rows as the in-memory repository sorts aggregates: by kind first
 * (booleans, numbers, strings, money, other values), then numbers by value, strings by code point
 * (`COLLATE "C"`; canonical ISO dates thus by time), `{ amount, currency }` objects by amount;
 * missing and `null` values last when ascending and first when descending. Mapped columns sort as
 * they are typed. The caller appends the id as the final tie-breaker. @internal
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming `orderBy` (more than 32 keys), `orderBy.<i>.field` or
 * `orderBy.<i>.direction`.
 */
export function orderBySql(
  keys: readonly SortKey[],
  document: string,
  columns: ReadonlyMap<string, string>,
  bind: Bind,
): string[] {
  if (!Array.isArray(keys)) {
    throw ValidationError.of('Page', 'orderBy', 'invalid_type', 'orderBy must be an array of { field, direction }');
  }
  checkOrderByKeys(keys);
  return keys.flatMap((key: SortKey, index) => {
    const { field, direction } = (typeof key === 'object' && key !== null ? key : {}) as Partial<SortKey>;
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
      throw ValidationError.of(
        'Page',
        `orderBy.${index}.direction`,
        'invalid_direction',
        "direction must be 'asc' or 'desc'",
      );
    }
    const order = direction === 'desc' ? 'DESC' : 'ASC';
    const column = typeof field === 'string' ? columns.get(field) : undefined;
    if (column !== undefined) return [`${column} ${order}`];
    const { json, text } = jsonPath(document, field as string, bind, 'Page', `orderBy.${index}.field`);
    const kind = `jsonb_typeof(${json})`;
    const money = `(${kind} = 'object' AND jsonb_typeof(${json}->'amount') = 'string' AND (${json}->>'amount') ~ ${MONEY})`;
    return [
      // The kind's rank; NULL (missing or null) sorts last ascending and first descending.
      `(CASE ${kind} WHEN 'boolean' THEN 0 WHEN 'number' THEN 1 WHEN 'string' THEN 2 WHEN 'object' THEN
        (CASE WHEN ${money} THEN 4 ELSE 5 END) WHEN 'array' THEN 5 END) ${order}`,
      `(CASE WHEN ${kind} = 'boolean' THEN (${text})::boolean END) ${order}`,
      `(CASE WHEN ${kind} = 'number' THEN (${text})::numeric END) ${order}`,
      `(CASE WHEN ${kind} = 'string' THEN (${text}) COLLATE "C" END) ${order}`,
      `(CASE WHEN ${money} THEN (${json}->>'amount')::numeric END) ${order}`,
    ];
  });
}
