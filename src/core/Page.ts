/**
 * One sort key of a {@link Page}: a field path over the stored shape of the aggregate (`'id'`, or
 * a props path such as `'createdAt'` or `'address.country'`), ascending unless told otherwise.
 */
export interface OrderBy {
  /** A dotted field path: `'id'` or a path into the aggregate's props. */
  readonly field: string;
  /** `'asc'` (the default) or `'desc'`. */
  readonly direction?: 'asc' | 'desc';
}

/**
 * Paging and sorting for `findAll`: sort by `orderBy` (then by id), skip `offset` results, then
 * return at most `limit`.
 *
 * Sorting follows SQL: numbers by value, strings by code unit (as `COLLATE "C"`), dates by time,
 * `Money` by amount; missing (`null`/`undefined`) values come last when ascending and first when
 * descending, as PostgreSQL does. Ties are broken by id, so pages never overlap.
 *
 * @example
 * ```ts
 * await orders.findAll(isPending, { limit: 20, offset: 40 }); // page 3, in id order
 * await orders.findAll(isPending, { orderBy: [{ field: 'createdAt', direction: 'desc' }], limit: 10 });
 * ```
 */
export interface Page {
  /** The largest number of results to return (a non-negative integer). */
  readonly limit?: number;
  /** How many matching results to skip first (a non-negative integer, default 0). */
  readonly offset?: number;
  /** The sort keys, most significant first; the id breaks ties. Default: id order. */
  readonly orderBy?: readonly OrderBy[];
}
