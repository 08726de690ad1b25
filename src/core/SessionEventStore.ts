import type { AggregateStore, AnyAggregate } from './AggregateStore.js';
import type { DomainEvent } from './DomainEvent.js';

/**
 * The part of an event store that sessions write through: an append in the session's
 * transaction. `InMemoryEventStore` and `PostgresEventStore` implement it.
 *
 * @typeParam TTransaction - The store's transaction type.
 *
 * @example
 * ```ts
 * const store = inMemoryStore({ eventStore: new InMemoryEventStore(), aggregates: { accounts: eventSourced(accountKind) } });
 * ```
 */
export interface SessionEventStore<TTransaction> {
  /**
   * Appends events to a stream in `tx`, checking that the stream is at `expectedVersion`.
   *
   * @throws {@link ConcurrencyError} when it is not.
   */
  appendInTransaction(
    tx: TTransaction,
    streamId: string,
    events: readonly DomainEvent[],
    expectedVersion: number,
  ): Promise<void>;
  /**
   * The same event store reading through `tx` (optional): a session opened `within` another
   * transaction loads through it, as PGlite's single connection requires.
   */
  through?(tx: TTransaction): this;
  /**
   * The events as they may leave the store (optional): with personal fields sealed, as the
   * outbox and brokers must carry them. A session calls it in its transaction, before it adds
   * them to the outbox.
   */
  sealForOutbox?(events: readonly DomainEvent[], tx: TTransaction): Promise<readonly DomainEvent[]>;
}

/**
 * An event-sourced aggregate kind, as `eventSourced` (from `tactical-ddd/event-sourcing`)
 * declares it for a store's `aggregates`: the store binds it to its event store.
 *
 * @typeParam TAggregate - The aggregate type.
 *
 * @example
 * ```ts
 * const accounts: EventSourcedDefinition<Account> = eventSourced({ name: 'Account', create: Account.empty });
 * ```
 */
export interface EventSourcedDefinition<TAggregate extends AnyAggregate> {
  /** Tells the stores how to keep it. */
  readonly kind: 'event-sourced';
  /** The aggregate type (`'Account'`), used in errors. */
  readonly name: string;
  /**
   * Makes the aggregate store on the store's event store.
   *
   * @throws {@link ValidationError} when the store has no event store.
   */
  bind<TTransaction>(eventStore: SessionEventStore<TTransaction> | undefined): AggregateStore<TAggregate, TTransaction>;
}
