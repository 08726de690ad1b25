import type { AggregateRoot } from '../core/AggregateRoot.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import { NotFoundError } from '../core/NotFoundError.js';
import type { AggregateSnapshot } from './EventSourcedAggregate.js';
import type { EventStore } from './EventStore.js';
import type { SnapshotStore } from './SnapshotStore.js';

/** What an {@link EventSourcedRepository} needs of an aggregate, beyond {@link "tactical-ddd".AggregateRoot | AggregateRoot}. */
export interface Rehydratable {
  /** Applies stored events, in order, to a fresh aggregate. */
  rehydrate(events: Iterable<DomainEvent>): unknown;
  /** Restores the state and version a snapshot holds. */
  restoreSnapshot(snapshot: AggregateSnapshot): unknown;
  /** Captures the current state and version. */
  toSnapshot(): AggregateSnapshot;
}

/** When and where an {@link EventSourcedRepository} keeps snapshots. */
export interface SnapshotOptions {
  readonly store: SnapshotStore;
  /** Takes a snapshot each time a save crosses a multiple of `every` events (a positive integer). */
  readonly every: number;
  /** The version of the state's shape (default 1); snapshots of other versions are ignored. */
  readonly schemaVersion?: number;
  /** Receives a failed snapshot save; the events are already stored, so `save` still succeeds. */
  readonly onError?: (error: unknown) => void;
}

/** The options of an {@link EventSourcedRepository}. */
export interface EventSourcedRepositoryOptions<TAggregate, TId extends string> {
  readonly store: EventStore;
  /** Makes a new, empty aggregate with this id, ready to rehydrate. */
  readonly create: (id: TId) => TAggregate;
  /** What the aggregates are called in errors (`'Account'`); default `'Aggregate'`. */
  readonly name?: string;
  /** The stream of an aggregate (default: its id); use it to prefix streams (`Account-${id}`). */
  readonly streamId?: (id: TId) => string;
  readonly snapshots?: SnapshotOptions;
}

/**
 * Loads event-sourced aggregates by replaying their stream (from the latest snapshot, when
 * snapshots are on) and saves them by appending their new events with the version they were
 * loaded at as the expected version. Queries over many aggregates belong to projections.
 *
 * @example
 * ```ts
 * const accounts = new EventSourcedRepository({ store, name: 'Account', create: (id: AccountId) => new Account(id) });
 * const account = await accounts.getById(id);
 * account.deposit(500);
 * await accounts.save(account); // ConcurrencyError if the stream moved on
 * ```
 */
export class EventSourcedRepository<
  TAggregate extends AggregateRoot<TId, object, DomainEvent> & Rehydratable,
  TId extends string = TAggregate['id'],
> {
  private readonly options: EventSourcedRepositoryOptions<TAggregate, TId>;
  private readonly streamOf: (id: TId) => string;

  /**
   * @param options - The event store, an aggregate factory, a stream naming rule and snapshots.
   * @throws `RangeError` when `snapshots.every` is not a positive integer.
   */
  constructor(options: EventSourcedRepositoryOptions<TAggregate, TId>) {
    const every = options.snapshots?.every;
    if (every !== undefined && (!Number.isSafeInteger(every) || every < 1)) {
      throw new RangeError('snapshots.every must be a positive integer');
    }
    this.options = options;
    this.streamOf = options.streamId ?? ((id) => id);
  }

  /**
   * Loads an aggregate, or `undefined` when its stream has no events.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when a stored event fails its schema or is out of order.
   */
  async findById(id: TId): Promise<TAggregate | undefined> {
    const streamId = this.streamOf(id);
    const { store, snapshots } = this.options;
    const aggregate = this.options.create(id);
    const snapshot = snapshots === undefined ? undefined : await snapshots.store.load(streamId);
    if (snapshot !== undefined && snapshot.schemaVersion === (snapshots?.schemaVersion ?? 1)) {
      const events = await store.readStream(streamId, { fromVersion: snapshot.version + 1 });
      const { version } = events.length > 0 ? snapshot : await store.getStreamMetadata(streamId);
      if (version === snapshot.version) {
        aggregate.restoreSnapshot({ version: snapshot.version, state: snapshot.state });
        aggregate.rehydrate(events);
        return aggregate;
      }
    }
    const events = await store.readStream(streamId);
    if (events.length === 0) return undefined;
    aggregate.rehydrate(events);
    return aggregate;
  }

  /**
   * Loads an aggregate.
   *
   * @throws {@link "tactical-ddd".NotFoundError | NotFoundError} when its stream has no events.
   */
  async getById(id: TId): Promise<TAggregate> {
    const aggregate = await this.findById(id);
    if (aggregate === undefined) throw new NotFoundError(this.options.name ?? 'Aggregate', id);
    return aggregate;
  }

  /**
   * Appends the aggregate's new events, expecting its stream at the version it was loaded at, then
   * marks it persisted (and takes a snapshot when one is due). Without new events it does nothing.
   *
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stream moved on; nothing is written and the events
   * stay on the aggregate.
   */
  async save(aggregate: TAggregate): Promise<void> {
    const events = aggregate.pendingEvents;
    if (events.length === 0) return;
    const before = aggregate.persistedVersion;
    const streamId = this.streamOf(aggregate.id);
    const { nextExpectedVersion } = await this.options.store.appendToStream(streamId, events, {
      expectedVersion: before,
    });
    aggregate.pullEvents();
    aggregate.markPersisted(nextExpectedVersion);
    const snapshots = this.options.snapshots;
    if (
      snapshots === undefined ||
      Math.floor(nextExpectedVersion / snapshots.every) <= Math.floor(before / snapshots.every)
    ) {
      return;
    }
    try {
      const { version, state } = aggregate.toSnapshot();
      await snapshots.store.save({ streamId, version, schemaVersion: snapshots.schemaVersion ?? 1, state });
    } catch (error) {
      snapshots.onError?.(error);
    }
  }
}
