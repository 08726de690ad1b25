import type { AggregateStore, AnyAggregate } from './AggregateStore.js';
import type { Criteria } from './Criteria.js';
import type { DomainEvent, EventMetadata } from './DomainEvent.js';
import type { Outbox, OutboxCommand } from './Outbox.js';
import type { Page } from './Page.js';
import type { Repository } from './Repository.js';
import type { EventSourcedDefinition } from './SessionEventStore.js';
import type { SessionParticipant } from './SessionParticipant.js';
import type { StateStoredDefinition } from './stateStored.js';

/**
 * One entry of a store's `aggregates`: a state-stored kind (`stateStored`), an event-sourced one
 * (`eventSourced`), or an {@link AggregateStore} of your own.
 *
 * @example
 * ```ts
 * const aggregates = { orders: stateStored('Order', orderMapping), accounts: eventSourced(accountKind) } satisfies Record<string, AggregateDefinition>;
 * ```
 */
export type AggregateDefinition<TTransaction = never> =
  // biome-ignore lint/suspicious/noExplicitAny: any snapshot type.
  | StateStoredDefinition<AnyAggregate, any>
  | EventSourcedDefinition<AnyAggregate>
  | AggregateStore<AnyAggregate, TTransaction>;

/**
 * The aggregate type of an {@link AggregateDefinition}.
 *
 * @example
 * ```ts
 * type O = AggregateOf<typeof orders>; // Order
 * ```
 */
export type AggregateOf<TDefinition> =
  TDefinition extends StateStoredDefinition<infer TAggregate, infer _>
    ? TAggregate
    : TDefinition extends EventSourcedDefinition<infer TAggregate>
      ? TAggregate
      : TDefinition extends AggregateStore<infer TAggregate, infer _>
        ? TAggregate
        : never;

/**
 * The names a store and its sessions keep for themselves: an `aggregates` key may not be one of them.
 */
export type ReservedName =
  | 'transaction'
  | 'outbox'
  | 'eventStore'
  | 'metadata'
  | 'send'
  | 'publish'
  | 'schedule'
  | 'cancel'
  | 'join'
  | 'close';

/**
 * How {@link SessionRepository.get} loads.
 *
 * @example
 * ```ts
 * const order = await s.orders.get(orderId, { expectedVersion: Number(request.headers['if-match']) });
 * ```
 */
export interface LoadOptions {
  /**
   * The version the caller last saw (an HTTP `If-Match`): a different stored version is a
   * {@link StaleVersionError}, which retrying does not cure.
   */
  readonly expectedVersion?: number | undefined;
}

/**
 * A repository inside a session: loads go through the session's identity map (the same id gives
 * the same object), and writes happen when the session commits: every loaded aggregate that
 * changed is saved with its version check, added ones are inserted, removed ones deleted.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TId - Its id type.
 *
 * @example
 * ```ts
 * await store.transaction(async (s) => {
 *   const order = await s.orders.get(orderId);
 *   order.confirm(); // saved at commit, with its events in the outbox
 *   s.orders.add(Order.place(cart));
 * });
 * ```
 */
export interface SessionRepository<TAggregate extends AnyAggregate, TId extends string = TAggregate['id']> {
  /**
   * Loads an aggregate (once per session: later calls return the same object).
   *
   * @throws {@link NotFoundError} when there is none with this id.
   * @throws {@link StaleVersionError} when `expectedVersion` is not the stored version.
   */
  get(id: TId, options?: LoadOptions): Promise<TAggregate>;
  /**
   * Loads an aggregate, or `undefined` when there is none.
   *
   * @throws {@link StaleVersionError} when it exists and `expectedVersion` is not its version.
   */
  find(id: TId, options?: LoadOptions): Promise<TAggregate | undefined>;
  /**
   * Adds a new aggregate: inserted at commit (a {@link ConcurrencyError} if the id is taken).
   *
   * @throws {@link ValidationError} when the aggregate was loaded before (not new) or is already in the session.
   */
  add(aggregate: TAggregate): void;
  /**
   * Removes a loaded aggregate: deleted at commit if its version is unchanged; its pending events
   * still go to the outbox.
   *
   * @throws {@link ValidationError} when the aggregate was not loaded or added in this session.
   */
  remove(aggregate: TAggregate): void;
  /**
   * Finds committed aggregates (ones already in the session are returned as the session's objects).
   *
   * @throws {@link ValidationError} when the aggregate kind cannot be queried (an event-sourced one) or the page is invalid.
   */
  findAll(criteria?: Criteria<TAggregate>, page?: Page): Promise<readonly TAggregate[]>;
  /** Counts committed aggregates. */
  count(criteria?: Criteria<TAggregate>): Promise<number>;
}

/**
 * What a session offers besides its repositories.
 *
 * @typeParam TTransaction - The store's transaction type, handed to participants.
 *
 * @example
 * ```ts
 * await store.transaction(async (s) => {
 *   s.send(ShipOrder({ orderId })); // a command, delivered through the outbox after commit
 * }, { metadata: { correlationId } });
 * ```
 */
export interface SessionControls<TTransaction> {
  /** The metadata stamped on every event and message of the session. */
  readonly metadata: EventMetadata;
  /** Puts a command in the outbox (kind `'command'`), delivered after commit. */
  send(command: OutboxCommand): void;
  /** Puts an event that no aggregate of the session raised (an integration event) in the outbox. */
  publish(event: DomainEvent): void;
  /**
   * Puts a command or an event in the outbox to be delivered at `at` (a deadline, a reminder): it
   * is stored with the session's commit, invisible to relays until due, then delivered once through
   * the outbox like any message (at least once, deduplicated by id). A time already past is due at
   * once. A message with a `schemaVersion` and an `aggregateId` is an event, any other a command.
   *
   * @param at - When it falls due.
   * @param message - The command (`ShipOrder(...)`) or the complete event.
   * @returns Its id (the message's id), to `cancel` it.
   * @throws {@link ValidationError} when `at` is not a valid `Date` between 1970 and 100 years from now, or the message is invalid.
   *
   * @example
   * ```ts
   * const deadlineId = s.schedule(new Date(Date.now() + 15 * 60_000), CancelOrder({ orderId, reason: 'unpaid' }));
   * ```
   */
  schedule(at: Date, message: OutboxCommand | DomainEvent): string;
  /**
   * Cancels a scheduled message still waiting for its due time, when the session commits; a
   * message already due (handed to relays) or unknown is left alone, so cancelling twice is harmless.
   *
   * @param messageId - The id `schedule` returned.
   * @throws {@link ValidationError} when `messageId` is not a non-empty string.
   *
   * @example
   * ```ts
   * s.cancel(deadlineId); // the payment arrived in time
   * ```
   */
  cancel(messageId: string): void;
  /** Adds a participant that writes in the commit transaction. */
  join(participant: SessionParticipant<TTransaction>): void;
}

/**
 * A session: one repository per `aggregates` entry of its store, and the {@link SessionControls}.
 *
 * @example
 * ```ts
 * type OrderSession = Session<typeof aggregates, MemoryTransaction>;
 * ```
 */
export type Session<TAggregates, TTransaction> = {
  readonly [TName in keyof TAggregates]: SessionRepository<AggregateOf<TAggregates[TName]>>;
} & SessionControls<TTransaction>;

/**
 * The options of {@link StoreControls.transaction}.
 *
 * @example
 * ```ts
 * await store.transaction(work, { metadata: { correlationId: 'req-42', causationId: command.id } });
 * await inbox.handleOnce('billing', event.id, (tx) => store.transaction(work, { within: tx }));
 * ```
 */
export interface TransactionOptions<TTransaction = never> {
  /**
   * Metadata stamped on every event and message of the session (the event's own keys win). A bus
   * handler's context has this shape, so `store.transaction(work, context)` propagates its ids.
   */
  readonly metadata?: EventMetadata;
  /**
   * A transaction already open on the same database (an inbox's `handleOnce`, a projection
   * runner's batch): the session commits its writes inside it (a savepoint in SQL) instead of in a
   * transaction of its own, so they commit or roll back with it. The session's aggregates count as
   * saved when the session ends: if the outer transaction then rolls back, load them again.
   */
  readonly within?: TTransaction;
}

/**
 * What a store offers besides its repositories.
 *
 * @typeParam TAggregates - Its `aggregates`.
 * @typeParam TTransaction - Its transaction type.
 *
 * @example
 * ```ts
 * const id = await store.transaction(async (s) => {
 *   const order = Order.place(cart);
 *   s.orders.add(order);
 *   return order.id;
 * });
 * ```
 */
export interface StoreControls<TAggregates, TTransaction> {
  /**
   * Opens a session, runs `work` with it, and commits what it changed in one transaction: every
   * changed aggregate with its version check, their events (stamped with `metadata`) in the
   * outbox or event store, the messages sent and the participants' writes. When `work` throws or
   * the commit fails, nothing is written and the aggregates keep their events and versions.
   *
   * @param work - What to do in the session.
   * @param options - Metadata for its events and messages.
   * @returns What `work` returned, once committed.
   * @throws {@link ConcurrencyError} when an aggregate changed meanwhile; nothing was written.
   */
  transaction<TResult>(
    work: (session: Session<TAggregates, TTransaction>) => TResult | Promise<TResult>,
    options?: TransactionOptions<TTransaction>,
  ): Promise<TResult>;
  /** The outbox the store's sessions write to (for an `OutboxRelay`), if it has one. */
  readonly outbox: Outbox | undefined;
}

/**
 * A store: a repository per `aggregates` entry (each of its writes is a small session of its own)
 * and {@link StoreControls.transaction} for sessions.
 *
 * @example
 * ```ts
 * const store: Store<typeof aggregates, MemoryTransaction> = inMemoryStore({ aggregates });
 * const order = await store.orders.getById(orderId);
 * ```
 */
export type Store<TAggregates, TTransaction> = {
  readonly [TName in keyof TAggregates]: Repository<AggregateOf<TAggregates[TName]>>;
} & StoreControls<TAggregates, TTransaction>;
