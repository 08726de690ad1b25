import type { AggregateRoot } from './AggregateRoot.js';
import { type Criteria, toPredicate } from './Criteria.js';
import { checkOrderByKeys } from './checkOrderByKeys.js';
import { compareValues } from './compareValues.js';
import type { Page } from './Page.js';
import { readField } from './readField.js';
import { ValidationError } from './ValidationError.js';

/**
 * Finds the records that meet `criteria`, sorted by `page.orderBy` then id, paged: the query
 * semantics every in-memory aggregate store shares. @internal
 */
export function selectPage<TRecord extends AggregateRoot<string, object>>(
  records: Iterable<TRecord>,
  criteria: Criteria<TRecord> | undefined,
  page: Page,
): TRecord[] {
  const { offset, limit, orderBy } = checkPage(page);
  const matches = toPredicate(criteria);
  const found: TRecord[] = [];
  for (const record of records) if (matches(record)) found.push(record);
  found.sort(orderBy.length > 0 ? byKeys(orderBy) : byId);
  return found.slice(offset, offset + limit);
}

const byId = (a: AggregateRoot<string, object>, b: AggregateRoot<string, object>): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

interface SortKey {
  readonly path: readonly string[];
  readonly sign: 1 | -1;
}

export function checkPage(page: Page): { offset: number; limit: number; orderBy: readonly SortKey[] } {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw ValidationError.of('Page', 'offset', 'invalid_offset', 'offset must be a non-negative integer');
  }
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw ValidationError.of('Page', 'limit', 'invalid_limit', 'limit must be a non-negative integer');
  }
  return { offset, limit, orderBy: checkOrderBy(page.orderBy) };
}

const FORBIDDEN_SEGMENTS = /*@__PURE__*/ new Set(['', '__proto__', 'constructor', 'prototype']);

function checkOrderBy(orderBy: Page['orderBy']): readonly SortKey[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) {
    throw ValidationError.of('Page', 'orderBy', 'invalid_type', 'orderBy must be an array of { field, direction }');
  }
  checkOrderByKeys(orderBy);
  return orderBy.map((key: unknown, index) => {
    const { field, direction } = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
    if (typeof field !== 'string' || field.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
      throw ValidationError.of(
        'Page',
        `orderBy.${index}.field`,
        'invalid_field',
        'field must be a dotted path without empty, __proto__, constructor or prototype segments',
      );
    }
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
      throw ValidationError.of(
        'Page',
        `orderBy.${index}.direction`,
        'invalid_direction',
        "direction must be 'asc' or 'desc'",
      );
    }
    return { path: field.split('.'), sign: direction === 'desc' ? -1 : 1 };
  });
}

/** Compares aggregates by the sort keys, then by id (which is unique, so the order is total). */
function byKeys(
  keys: readonly SortKey[],
): (a: AggregateRoot<string, object>, b: AggregateRoot<string, object>) => number {
  return (a, b) => {
    for (const { path, sign } of keys) {
      const order = compareValues(readField(a, path), readField(b, path));
      if (order !== 0) return sign * order;
    }
    return byId(a, b);
  };
}
