import type { AnyAggregate } from '../core/AggregateStore.js';
import { createStore } from '../core/createStore.js';
import type { Observer } from '../core/Observer.js';
import type { AggregateDefinition, ReservedName, Store } from '../core/Store.js';
import type { StateStoredDefinition } from '../core/stateStored.js';
import { ValidationError } from '../core/ValidationError.js';
import { PostgresEventStore, type PostgresEventStoreOptions } from './PostgresEventStore.js';
import { PostgresOutbox, type PostgresOutboxOptions } from './PostgresOutbox.js';
import { PostgresStateStore } from './PostgresStateStore.js';
import type { SqlClient } from './SqlClient.js';
import { sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of {@link postgresStore}.
 *
 * @typeParam TAggregates - The aggregate kinds, by the name sessions use for them.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions<typeof aggregates> = { client, schema: 'shop', aggregates, outbox: { ordering: 'per-aggregate' } };
 * ```
 */
export interface PostgresStoreOptions<TAggregates> {
  /** The database (a `pg` pool or PGlite, through {@link SqlClient}). */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
  /**
   * The aggregate kinds: `stateStored(name, mapping)`, `eventSourced(...)` or your own
   * `AggregateStore<TAggregate, SqlClient>`s (they write with the `SqlClient` bound to the session's
   * transaction).
   */
  readonly aggregates: TAggregates & { readonly [TName in ReservedName]?: never };
  /**
   * The outbox (`ddd_outbox`) the sessions write to, and how relays read it (ordering, lease,
   * notifications). `false` keeps no outbox: then only event-sourced aggregates are accepted, as
   * their events stay in the event store.
   */
  readonly outbox?: Omit<PostgresOutboxOptions, 'client' | 'schema'> | false | undefined;
  /**
   * The event store of the event-sourced aggregates (`ddd_events`): its registry, its shredder
   * (which also seals the personal fields of the events the sessions put in the outbox) and its
   * read wait.
   */
  readonly eventStore?: Omit<PostgresEventStoreOptions, 'client' | 'schema'>;
  /** Makes session ids (default: uuid v7). */
  readonly generateId?: () => string;
  /**
   * Observes each session commit (its `commit` hook), such as the observer `tactical-ddd/opentelemetry`
   * makes: the observation's metadata is stamped on the commit's events and messages.
   */
  readonly observer?: Observer;
}

/**
 * A store on PostgreSQL or PGlite: sessions with an identity map whose commit is one database
 * transaction that writes every changed aggregate with its version check (state-stored ones as a
 * JSONB document, event-sourced ones as appended events), puts their events (stamped with the
 * session's metadata) and the commands it sent in `ddd_outbox`, and runs the participants' SQL;
 * or rolls all of it back. Loads run outside that transaction (optimistic concurrency), so the
 * transaction is short and holds no connection while your code runs.
 *
 * @param options - The client, the schema, the aggregate kinds, the outbox and the event store.
 * @returns The store: `transaction(work)`, a repository per aggregate kind, `outbox` (typed as
 *   present unless `outbox: false`) and `eventStore`.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when an aggregate kind is invalid, uses a reserved
 *   name, has no mapping, or would lose its events (a state-stored kind with `outbox: false`).
 *
 * @example
 * ```ts
 * const store = postgresStore({
 *   client,
 *   aggregates: { orders: stateStored('Order', orderMapping), accounts: eventSourced(accountKind) },
 *   outbox: { ordering: 'per-aggregate' },
 * });
 * await store.transaction(async (s) => {
 *   const order = await s.orders.get(orderId, { expectedVersion });
 *   order.confirm(price);
 * }, { metadata: { correlationId } });
 * ```
 */
export function postgresStore<
  TAggregates extends Record<string, AggregateDefinition<SqlClient>>,
  TOutbox extends PostgresStoreOptions<TAggregates>['outbox'] = undefined,
>(
  options: PostgresStoreOptions<TAggregates> & { readonly outbox?: TOutbox },
): Store<TAggregates, SqlClient> & {
  readonly outbox: TOutbox extends false ? undefined : PostgresOutbox;
  readonly eventStore: PostgresEventStore;
} {
  if (typeof options !== 'object' || options === null || typeof options.client?.query !== 'function') {
    throw ValidationError.of('postgresStore', 'client', 'required', 'a postgresStore needs a SqlClient');
  }
  const { client } = options;
  const schema = sqlIdentifier(options.schema ?? 'public', 'PostgresStoreOptions', 'schema');
  const shredder = options.eventStore?.shredder;
  const registry = options.eventStore?.registry ?? shredder?.registry;
  const outbox =
    options.outbox === false
      ? undefined
      : new PostgresOutbox({
          ...(registry === undefined ? {} : { registry }),
          ...(shredder === undefined ? {} : { shredder }),
          ...options.outbox,
          client,
          schema,
        });
  const eventStore = new PostgresEventStore({ ...options.eventStore, client, schema });
  const store = createStore<TAggregates, SqlClient>(
    {
      name: 'postgresStore',
      outbox,
      eventStore,
      ...(options.generateId === undefined ? {} : { generateId: options.generateId }),
      observer: options.observer,
      addToOutbox: outbox && ((tx, entries) => outbox.add(tx, entries)),
      ...(outbox === undefined
        ? {}
        : { cancelScheduled: (tx: SqlClient, ids: readonly string[]) => outbox.cancel(tx, ids) }),
      stateStored: (definition) =>
        new PostgresStateStore(client, schema, definition as StateStoredDefinition<AnyAggregate, unknown>),
      commit: (write, within) => (within ?? client).transaction(write),
    },
    options.aggregates,
    { eventStore },
  );
  return store as Store<TAggregates, SqlClient> & {
    readonly outbox: TOutbox extends false ? undefined : PostgresOutbox;
    readonly eventStore: PostgresEventStore;
  };
}
