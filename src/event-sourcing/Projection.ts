import type { DomainEvent } from '../core/DomainEvent.js';
import type { Inbox } from '../core/Inbox.js';
import { ValidationError } from '../core/ValidationError.js';
import type { RecordedEvent } from './EventStore.js';

/**
 * The event a projection handler receives: the event, plus its place in the event store
 * (`streamId`, `version`, `globalPosition`) when the runner reads from one; fed from an event bus
 * or a broker, those are absent.
 *
 * @typeParam TEvent - The event.
 *
 * @example
 * ```ts
 * const position = (event: ProjectedEvent<AccountEvent>) => event.globalPosition ?? 0n;
 * ```
 */
export type ProjectedEvent<TEvent extends DomainEvent> = TEvent &
  Partial<Pick<RecordedEvent, 'streamId' | 'version' | 'globalPosition'>>;

/**
 * Handlers keyed by event type, each receiving the event with its typed payload and the
 * transaction the runner opened (the read model's writes go through it, so that they commit with
 * the checkpoint or the inbox entry). Types without a handler are skipped.
 *
 * @typeParam TEvent - The event union the projection reads.
 * @typeParam TTransaction - The runner's transaction: `SqlClient` for the Postgres runners and
 *   inbox, `MemoryTransaction` in memory.
 *
 * @example
 * ```ts
 * const handlers: ProjectionHandlers<AccountEvent, SqlClient> = {
 *   MoneyDeposited: (event, tx) => tx.query('UPDATE balances SET cents = cents + $1', [event.payload.cents]).then(() => undefined),
 * };
 * ```
 */
export type ProjectionHandlers<TEvent extends DomainEvent, TTransaction = unknown> = {
  readonly [TType in TEvent['type']]?: (
    event: ProjectedEvent<Extract<TEvent, { type: TType }>>,
    tx: TTransaction,
  ) => void | Promise<void>;
};

/**
 * A read model fed by events: a stable `name` (its checkpoint or inbox key) and handlers by event
 * type. One definition runs from either source: the event store's global order
 * (`ProjectionRunner`, `PostgresProjector`) or the outbox through an event bus or a broker
 * ({@link subscribeProjection}, or {@link projectEvent} in a consumer), always with the read
 * model's writes and the checkpoint or inbox entry in one transaction.
 *
 * @typeParam TEvent - The event union the projection reads.
 * @typeParam TTransaction - The runner's transaction type.
 *
 * @example
 * ```ts
 * const projection: Projection<AccountEvent> = {
 *   name: 'balances',
 *   handlers: { MoneyDeposited: (e) => console.log(e.payload.cents) },
 * };
 * ```
 */
export interface Projection<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  /** The projection's stable name: its checkpoint key, or its consumer name in an inbox. */
  readonly name: string;
  /** Its handlers, by event type. */
  readonly handlers: ProjectionHandlers<TEvent, TTransaction>;
}

/**
 * Defines a projection, typing each handler's event by its key.
 *
 * @param projection - The projection's name and handlers.
 * @returns The same projection, frozen.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the name is empty or a handler is not a function.
 *
 * @example
 * ```ts
 * const balances = new Map<string, number>();
 * const accountBalances = defineProjection<AccountEvent>({
 *   name: 'account-balances',
 *   handlers: {
 *     MoneyDeposited: (event) => {
 *       balances.set(event.aggregateId, (balances.get(event.aggregateId) ?? 0) + event.payload.cents);
 *     },
 *   },
 * });
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineProjection<TEvent extends DomainEvent, TTransaction = unknown>(
  projection: Projection<TEvent, TTransaction>,
): Projection<TEvent, TTransaction> {
  if (typeof projection?.name !== 'string' || projection.name.length === 0) {
    throw ValidationError.of('Projection', 'name', 'invalid_name', 'a projection needs a non-empty name');
  }
  for (const [type, handler] of Object.entries(projection.handlers ?? {})) {
    if (typeof handler !== 'function') {
      throw ValidationError.of('Projection', `handlers.${type}`, 'invalid_handler', 'a handler is a function');
    }
  }
  return Object.freeze({ name: projection.name, handlers: Object.freeze({ ...projection.handlers }) });
}

type Handle<TTransaction> = (event: DomainEvent, tx: TTransaction) => void | Promise<void>;

/**
 * Applies one event to a projection in `tx`: runs its handler, if it has one for the event's type.
 * Use it in a broker consumer's handler (whose inbox opened `tx`).
 *
 * @param projection - The projection.
 * @param event - The event.
 * @param tx - The transaction the read model writes in.
 * @returns Whether the projection has a handler for the event's type.
 *
 * @example
 * ```ts
 * new RabbitMQConsumer({ ..., inbox, consumer: balances.name, handler: (event, tx) => projectEvent(balances, event, tx) });
 * ```
 */
export async function projectEvent<TEvent extends DomainEvent, TTransaction>(
  projection: Projection<TEvent, TTransaction>,
  event: DomainEvent,
  tx: TTransaction,
): Promise<boolean> {
  const handler = (projection.handlers as Readonly<Record<string, Handle<TTransaction> | undefined>>)[event.type];
  if (handler === undefined) return false;
  await handler(event, tx);
  return true;
}

/**
 * Anything with `subscribe(type, handler, { name })`, such as an `EventBus`.
 *
 * @example
 * ```ts
 * const source: ProjectionSource = eventBus;
 * ```
 */
export interface ProjectionSource {
  /** Subscribes `handler` to events of `type`; returns a function that unsubscribes it. */
  subscribe(
    type: string,
    handler: (event: DomainEvent) => Promise<void>,
    options: { readonly name: string },
  ): () => void;
}

/**
 * Feeds a projection from an event bus (the outbox path): each event is applied in the inbox's
 * transaction, which also records it as handled by the projection, so a redelivered event is
 * applied once and the read model commits with its inbox entry.
 *
 * @param source - The event bus.
 * @param projection - The projection; its name is the inbox's consumer name.
 * @param options - The inbox (`InMemoryInbox` or `PostgresInbox`, matching the handlers' transaction).
 * @returns A function that unsubscribes the projection.
 *
 * @example
 * ```ts
 * const stop = subscribeProjection(eventBus, orderSummaries, { inbox: new PostgresInbox({ client }) });
 * ```
 */
export function subscribeProjection<TEvent extends DomainEvent, TTransaction>(
  source: ProjectionSource,
  projection: Projection<TEvent, TTransaction>,
  options: { readonly inbox: Inbox<TTransaction> },
): () => void {
  const stops = Object.keys(projection.handlers).map((type) =>
    source.subscribe(
      type,
      async (event) => {
        await options.inbox.handleOnce(projection.name, event.id, async (tx) => {
          await projectEvent(projection, event, tx);
        });
      },
      { name: `${projection.name}.${type}` },
    ),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
