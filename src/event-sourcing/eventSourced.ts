import type { AggregateRoot } from '../core/AggregateRoot.js';
import type { AggregateChange, AggregateStore } from '../core/AggregateStore.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventSourcedDefinition, SessionEventStore } from '../core/SessionEventStore.js';
import { ValidationError } from '../core/ValidationError.js';
import type { AggregateSnapshot } from './EventSourcedAggregate.js';
import type { EventStore, RecordedEvent } from './EventStore.js';
import type { SnapshotStore } from './SnapshotStore.js';
import { StreamDeletedError } from './StreamDeletedError.js';

/** What an event-sourced aggregate kind needs of an aggregate, beyond {@link "tactical-ddd".AggregateRoot | AggregateRoot}. */
export interface Rehydratable {
  /** Applies stored events, in order, to a fresh aggregate. */
  rehydrate(events: Iterable<DomainEvent>): unknown;
  /** Restores the state and version a snapshot holds. */
  restoreSnapshot(snapshot: AggregateSnapshot): unknown;
  /** Captures the current state and version. */
  toSnapshot(): AggregateSnapshot;
}

/**
 * When and where an event-sourced aggregate kind keeps snapshots.
 *
 * @example
 * ```ts
 * const snapshots: SnapshotOptions = { store: new InMemorySnapshotStore(), every: 50 };
 * ```
 */
export interface SnapshotOptions {
  /** Where snapshots are kept. */
  readonly store: SnapshotStore;
  /** Takes a snapshot each time a commit crosses a multiple of `every` events (a positive integer). */
  readonly every: number;
  /** The version of the state's shape (default 1); snapshots of other versions are ignored. */
  readonly schemaVersion?: number;
  /** Receives a failed snapshot save; the events are already committed, so the session still succeeds. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The options of {@link eventSourced}.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TId - Its id type.
 *
 * @example
 * ```ts
 * const options: EventSourcedOptions<Account, AccountId> = { name: 'Account', create: (id) => Account.empty(id) };
 * ```
 */
export interface EventSourcedOptions<TAggregate, TId extends string> {
  /** What the aggregates are called in errors (`'Account'`). */
  readonly name: string;
  /** Makes a new, empty aggregate with this id, ready to rehydrate. */
  readonly create: (id: TId) => TAggregate;
  /** The stream of an aggregate (default: its id); use it to prefix streams (`Account-${id}`). */
  readonly streamId?: (id: TId) => string;
  /** Snapshots, to load long streams from their latest snapshot. */
  readonly snapshots?: SnapshotOptions;
}

/**
 * Declares an event-sourced aggregate kind for a store's `aggregates`: loaded by replaying its
 * stream (from the latest snapshot when snapshots are on), written by appending its new events
 * with the version it was loaded at as the expected version, in the session's transaction (and to
 * the outbox too, when the store has one). Queries over many aggregates belong to projections.
 *
 * @param options - The aggregate's name, a factory of empty aggregates, a stream naming rule and snapshots.
 * @returns The definition.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `name` is empty or `snapshots.every` is not a positive integer.
 *
 * @example
 * ```ts
 * const store = inMemoryStore({
 *   eventStore: new InMemoryEventStore(),
 *   aggregates: { accounts: eventSourced({ name: 'Account', create: (id: AccountId) => Account.empty(id) }) },
 * });
 * await store.transaction(async (s) => (await s.accounts.get(accountId)).deposit(500));
 * ```
 */
export function eventSourced<
  TAggregate extends AggregateRoot<TId, object, DomainEvent> & Rehydratable,
  TId extends string = TAggregate['id'],
>(options: EventSourcedOptions<TAggregate, TId>): EventSourcedDefinition<TAggregate> {
  if (typeof options?.name !== 'string' || options.name.length === 0) {
    throw ValidationError.of('eventSourced', 'name', 'invalid_name', 'an aggregate needs a non-empty name');
  }
  if (typeof options.create !== 'function') {
    throw ValidationError.of('eventSourced', 'create', 'required', 'create(id) must make an empty aggregate');
  }
  const every = options.snapshots?.every;
  if (every !== undefined && (!Number.isSafeInteger(every) || every < 1)) {
    throw ValidationError.of(
      'eventSourced',
      'snapshots.every',
      'invalid_count',
      'snapshots.every must be a positive integer',
    );
  }
  return Object.freeze({
    kind: 'event-sourced' as const,
    name: options.name,
    bind: <TTransaction>(eventStore: SessionEventStore<TTransaction> | undefined) => {
      if (
        eventStore === undefined ||
        typeof (eventStore as Partial<EventStore>).readStream !== 'function' ||
        typeof eventStore.appendInTransaction !== 'function'
      ) {
        throw ValidationError.of(
          options.name,
          'eventStore',
          'required',
          `${options.name} is event-sourced: give the store an eventStore`,
        );
      }
      return new EventSourcedStore<TAggregate, TId, TTransaction>(
        options,
        eventStore as SessionEventStore<TTransaction> & EventStore,
      ) as AggregateStore<TAggregate, TTransaction>;
    },
  });
}

/** Loads event-sourced aggregates from an event store and appends their events in a session. */
class EventSourcedStore<
  TAggregate extends AggregateRoot<TId, object, DomainEvent> & Rehydratable,
  TId extends string,
  TTransaction,
> implements AggregateStore<TAggregate, TTransaction>
{
  readonly name: string;
  private readonly streamOf: (id: TId) => string;

  constructor(
    private readonly options: EventSourcedOptions<TAggregate, TId>,
    private readonly events: SessionEventStore<TTransaction> & EventStore,
  ) {
    this.name = options.name;
    this.streamOf = options.streamId ?? ((id) => id);
  }

  /** Loads an aggregate; one whose stream was deleted is not found. */
  async load(id: string, tx?: TTransaction): Promise<TAggregate | undefined> {
    try {
      return await this.loadStream(id, tx);
    } catch (error) {
      if (error instanceof StreamDeletedError) return undefined;
      throw error;
    }
  }

  private async loadStream(id: string, tx?: TTransaction): Promise<TAggregate | undefined> {
    const store = tx !== undefined && this.events.through !== undefined ? this.events.through(tx) : this.events;
    const streamId = this.streamOf(id as TId);
    const { snapshots } = this.options;
    const aggregate = this.options.create(id as TId);
    const snapshot = snapshots === undefined ? undefined : await snapshots.store.load(streamId);
    if (snapshot !== undefined && snapshot.schemaVersion === (snapshots?.schemaVersion ?? 1)) {
      const events = await store.readStream(streamId, { fromVersion: snapshot.version + 1, maxCount: PAGE });
      const { version } = events.length > 0 ? snapshot : await store.getStreamMetadata(streamId);
      if (version === snapshot.version) {
        aggregate.restoreSnapshot({ version: snapshot.version, state: snapshot.state });
        await replay(store, streamId, aggregate, events);
        return aggregate;
      }
    }
    const events = await store.readStream(streamId, { maxCount: PAGE });
    if (events.length === 0) return undefined;
    await replay(store, streamId, aggregate, events);
    return aggregate;
  }

  async write(tx: TTransaction, aggregate: TAggregate, change: AggregateChange): Promise<void> {
    if (change.kind === 'delete') {
      throw ValidationError.of(
        this.name,
        'aggregate',
        'not_removable',
        `${this.name} is event-sourced: its stream is kept; raise an event that closes it instead of removing it`,
      );
    }
    if (change.events.length === 0) return;
    await this.events.appendInTransaction(tx, this.streamOf(aggregate.id), change.events, change.expectedVersion);
  }

  async committed(aggregate: TAggregate, change: AggregateChange): Promise<void> {
    const snapshots = this.options.snapshots;
    if (snapshots === undefined || change.events.length === 0) return;
    if (Math.floor(change.nextVersion / snapshots.every) <= Math.floor(change.expectedVersion / snapshots.every))
      return;
    try {
      const { version, state } = aggregate.toSnapshot();
      await snapshots.store.save({
        streamId: this.streamOf(aggregate.id),
        version,
        schemaVersion: snapshots.schemaVersion ?? 1,
        state,
      });
    } catch (error) {
      try {
        snapshots.onError?.(error);
      } catch {
        // The commit stands: a throwing hook changes nothing.
      }
    }
  }
}

/**
 * The events read at a time when an aggregate loads: a long stream is replayed a page at a time,
 * so that neither the store (which makes envelopes or receives rows as it reads) nor the
 * repository holds the whole stream at once.
 */
const PAGE = 2048;

/** Replays a stream on an aggregate a page at a time, from its first page (already read). */
async function replay(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  aggregate: Rehydratable,
  first: readonly RecordedEvent[],
): Promise<void> {
  let page = first;
  aggregate.rehydrate(page);
  while (page.length === PAGE) {
    const next = (page[PAGE - 1] as RecordedEvent).version + 1;
    page = await store.readStream(streamId, { fromVersion: next, maxCount: PAGE });
    aggregate.rehydrate(page);
  }
}
