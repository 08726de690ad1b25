import type { AggregateRoot } from './AggregateRoot.js';
import type { Criteria } from './Criteria.js';
import type { DomainEvent } from './DomainEvent.js';
import type { Page } from './Page.js';

/** Any aggregate. */
// biome-ignore lint/suspicious/noExplicitAny: the event type of an aggregate is invariant in `raise`; any aggregate fits here.
export type AnyAggregate = AggregateRoot<string, object, any>;

/**
 * What a session writes for one aggregate at commit: insert a new one, update a changed one, or
 * delete a removed one, checking that the stored version is still `expectedVersion`.
 *
 * @example
 * ```ts
 * const change: AggregateChange = { kind: 'update', expectedVersion: 3, nextVersion: 4, events };
 * ```
 */
export interface AggregateChange {
  /** `insert` for an aggregate added to the session, `update` for a changed one, `delete` for a removed one. */
  readonly kind: 'insert' | 'update' | 'delete';
  /** The version the store must still hold (0 for an insert). */
  readonly expectedVersion: number;
  /** The version the aggregate has once written. */
  readonly nextVersion: number;
  /** The aggregate's new events, stamped with the session's metadata (they also go to the outbox). */
  readonly events: readonly DomainEvent[];
}

/**
 * How one kind of aggregate is loaded and written: the participant interface a store's sessions
 * use for each entry of `aggregates`. The stores build their own (`stateStored`, `eventSourced`);
 * implement it to keep an aggregate elsewhere (an ORM, another service) and still take part in
 * sessions: loads, the identity map, version checks, the outbox and rollback all stay the store's.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TTransaction - The store's transaction type (`SqlClient` for the Postgres store,
 *   {@link MemoryTransaction} for the in-memory one).
 *
 * @example
 * ```ts
 * const rows = new Map<string, { version: number; data: TicketData }>();
 * const tickets: AggregateStore<Ticket, MemoryTransaction> = {
 *   name: 'Ticket',
 *   load: async (id) => {
 *     const row = rows.get(id);
 *     return row && Ticket.restore(id, row.data, row.version);
 *   },
 *   write: async (tx, ticket, change) => {
 *     const data = ticket.toData();
 *     tx.stage({
 *       check: () => {
 *         const actual = rows.get(ticket.id)?.version ?? 0;
 *         if (actual !== change.expectedVersion) throw new ConcurrencyError(ticket.id, change.expectedVersion, actual);
 *       },
 *       apply: () => {
 *         if (change.kind === 'delete') rows.delete(ticket.id);
 *         else rows.set(ticket.id, { version: change.nextVersion, data });
 *       },
 *     });
 *   },
 *   fingerprint: (ticket) => JSON.stringify(ticket.toData()),
 * };
 * const store = inMemoryStore({ aggregates: { tickets } });
 * ```
 */
export interface AggregateStore<TAggregate extends AnyAggregate, TTransaction> {
  /** The aggregate type (`'Order'`), used in errors. */
  readonly name: string;
  /**
   * Loads the committed aggregate at its stored version (`persistedVersion`), or `undefined`.
   * Runs outside the commit transaction (sessions check versions when they write), except in a
   * session opened `within` another transaction: then `tx` is that transaction, to read through
   * (PGlite has one connection, which the open transaction holds).
   */
  load(id: string, tx?: TTransaction): Promise<TAggregate | undefined>;
  /**
   * Writes one change in the commit transaction.
   *
   * @throws {@link ConcurrencyError} when the stored version is not `change.expectedVersion`.
   */
  write(tx: TTransaction, aggregate: TAggregate, change: AggregateChange): Promise<void>;
  /**
   * A value that changes when the aggregate's stored state would (its document as a string, say):
   * a session takes it at load and compares it (deeply) at commit to find aggregates changed
   * without an event. Without it, an aggregate counts as changed only when it raised events.
   */
  fingerprint?(aggregate: TAggregate): unknown;
  /**
   * Finds committed aggregates (all when `criteria` is omitted), sorted by `page.orderBy` then id;
   * `tx` as in `load`.
   */
  findAll?(criteria: Criteria<TAggregate> | undefined, page: Page, tx?: TTransaction): Promise<readonly TAggregate[]>;
  /** Counts committed aggregates; `tx` as in `load`. */
  count?(criteria: Criteria<TAggregate> | undefined, tx?: TTransaction): Promise<number>;
  /** Called once a change committed (to save a snapshot, say); must not throw. */
  committed?(aggregate: TAggregate, change: AggregateChange): void | Promise<void>;
}
