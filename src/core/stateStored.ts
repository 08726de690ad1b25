import type { AnyAggregate } from './AggregateStore.js';
import type { SnapshotMapping } from './SnapshotMapping.js';
import { ValidationError } from './ValidationError.js';

/**
 * Where a state-stored aggregate's rows live in a SQL store (ignored in memory).
 *
 * @example
 * ```ts
 * const options: StateStoredOptions = { table: 'orders', columns: { status: 'status' } };
 * ```
 */
export interface StateStoredOptions {
  /**
   * The table (default `'ddd_aggregates'`). Your own table needs the columns of `ddd_aggregates`
   * (`aggregate_type`, `id`, `version`, `data`, `updated_at`), for instance
   * `CREATE TABLE orders (LIKE ddd_aggregates INCLUDING ALL)`, plus any generated columns you index.
   */
  readonly table?: string;
  /** Specification fields kept in columns of your own table (generated columns you index), by field path. */
  readonly columns?: Readonly<Record<string, string>>;
}

/**
 * A state-stored aggregate kind, as `stateStored` declares it for a store's `aggregates`: the
 * aggregate is kept as its current state (a JSON document and a version), and its events go to
 * the outbox.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TSnapshot - Its stored document (`never` without a mapping: in memory only).
 *
 * @example
 * ```ts
 * const orders: StateStoredDefinition<Order, OrderSnapshot> = stateStored('Order', orderMapping);
 * ```
 */
export interface StateStoredDefinition<TAggregate extends AnyAggregate, TSnapshot = unknown> {
  /** Tells the stores how to keep it. */
  readonly kind: 'state-stored';
  /** The aggregate type (`'Order'`): its rows' `aggregate_type` and the name used in errors. */
  readonly name: string;
  /** How it becomes a validated document and back; without one, the in-memory store keeps deep copies. */
  readonly mapping: SnapshotMapping<TAggregate, TSnapshot> | undefined;
  /** Where its rows live in a SQL store. */
  readonly options: StateStoredOptions;
}

/**
 * Declares a state-stored aggregate for a store's `aggregates`. With a mapping, every store keeps
 * the validated document (so in-memory tests see what the database would); without one, only the
 * in-memory store accepts it and keeps deep copies of the aggregate.
 *
 * @param name - The aggregate type (`'Order'`).
 * @param mapping - How it becomes a validated document and back.
 * @param options - Its table and indexed columns in a SQL store.
 * @returns The definition.
 * @throws {@link ValidationError} when `name` is empty.
 *
 * @example
 * ```ts
 * const store = inMemoryStore({ aggregates: { orders: stateStored('Order', orderMapping) } });
 * const quick = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } });
 * ```
 */
export function stateStored<TAggregate extends AnyAggregate, TSnapshot = never>(
  name: string,
  mapping?: SnapshotMapping<TAggregate, TSnapshot>,
  options: StateStoredOptions = {},
): StateStoredDefinition<TAggregate, TSnapshot> {
  if (typeof name !== 'string' || name.length === 0) {
    throw ValidationError.of('stateStored', 'name', 'invalid_name', 'an aggregate needs a non-empty name');
  }
  return Object.freeze({ kind: 'state-stored', name, mapping, options: Object.freeze({ ...options }) });
}
