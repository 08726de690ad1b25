import type { AnyAggregate } from './AggregateStore.js';
import { createStore } from './createStore.js';
import { InMemoryOutbox } from './InMemoryOutbox.js';
import { InMemoryStateStore } from './InMemoryStateStore.js';
import { type MemoryTransaction, runMemoryTransaction } from './MemoryTransaction.js';
import { newEventId } from './newEventId.js';
import type { Observer } from './Observer.js';
import type { SessionEventStore } from './SessionEventStore.js';
import type { AggregateDefinition, ReservedName, Store } from './Store.js';
import type { StateStoredDefinition } from './stateStored.js';

/**
 * The options of {@link inMemoryStore}.
 *
 * @typeParam TAggregates - The aggregate kinds, by the name sessions use for them.
 *
 * @example
 * ```ts
 * const options: InMemoryStoreOptions<typeof aggregates> = { aggregates, eventStore: new InMemoryEventStore() };
 * ```
 */
export interface InMemoryStoreOptions<TAggregates> {
  /** The aggregate kinds: `stateStored(...)`, `eventSourced(...)` or your own `AggregateStore`s. */
  readonly aggregates: TAggregates & { readonly [TName in ReservedName]?: never };
  /**
   * The outbox the sessions write to (default: a new {@link InMemoryOutbox}). `false` keeps no
   * outbox: then only event-sourced aggregates are accepted, as their events stay in the event store.
   */
  readonly outbox?: InMemoryOutbox | false | undefined;
  /** The event store of the event-sourced aggregates (an `InMemoryEventStore`). */
  readonly eventStore?: SessionEventStore<MemoryTransaction>;
  /** Makes session ids (default: uuid v7). */
  readonly generateId?: () => string;
  /**
   * Observes each session commit (its `commit` hook), such as the observer `tactical-ddd/opentelemetry`
   * makes: the observation's metadata is stamped on the commit's events and messages.
   */
  readonly observer?: Observer;
}

/**
 * An in-memory store with the same contract as the Postgres one: sessions with an identity map,
 * commits that write every changed aggregate with its version check and its events in the outbox
 * (or event store) all at once, or nothing. The embedded default for tests and prototypes.
 *
 * Commits run one at a time; each checks every version again right before it applies.
 *
 * @param options - The aggregate kinds, the outbox and the event store.
 * @returns The store: `store.transaction(work)`, a repository per aggregate kind, its `outbox`
 *   (typed as present unless `outbox: false`).
 * @throws {@link ValidationError} when an aggregate kind is invalid, uses a reserved name, or would
 *   lose its events (a state-stored kind without an outbox).
 *
 * @example
 * ```ts
 * const store = inMemoryStore({ aggregates: { orders: stateStored('Order', orderMapping) } });
 * await store.transaction(async (s) => {
 *   const order = await s.orders.get(orderId);
 *   order.confirm();
 * }, { metadata: { correlationId: 'req-42' } });
 * ```
 */
export function inMemoryStore<
  TAggregates extends Record<string, AggregateDefinition<MemoryTransaction>>,
  TOutbox extends InMemoryOutbox | false | undefined = undefined,
>(
  options: InMemoryStoreOptions<TAggregates> & { readonly outbox?: TOutbox },
): Store<TAggregates, MemoryTransaction> & { readonly outbox: TOutbox extends false ? undefined : InMemoryOutbox } {
  const given: InMemoryOutbox | false | undefined = options.outbox;
  const outbox = given === false ? undefined : (given ?? new InMemoryOutbox());
  let commits: Promise<unknown> = Promise.resolve();
  const generateId = options.generateId ?? newEventId;
  const store = createStore<TAggregates, MemoryTransaction>(
    {
      name: 'inMemoryStore',
      outbox,
      eventStore: options.eventStore,
      generateId,
      observer: options.observer,
      addToOutbox: outbox && (async (tx, entries) => outbox.stage(tx, entries)),
      ...(outbox === undefined ? {} : { cancelScheduled: async (tx, ids) => outbox.cancel(tx, ids) }),
      stateStored: (definition) => new InMemoryStateStore(definition as StateStoredDefinition<AnyAggregate, unknown>),
      commit: (write, within) => {
        // Inside another transaction (an inbox's), its commit checks and applies the steps.
        if (within !== undefined) return write(within);
        // One commit at a time: a check and its apply then see the same data.
        const result = commits.then(() => runMemoryTransaction(generateId, write));
        commits = result.catch(() => undefined);
        return result;
      },
    },
    options.aggregates,
    options.eventStore === undefined ? {} : { eventStore: options.eventStore },
  );
  return store as Store<TAggregates, MemoryTransaction> & {
    readonly outbox: TOutbox extends false ? undefined : InMemoryOutbox;
  };
}
