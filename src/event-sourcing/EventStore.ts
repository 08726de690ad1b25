import type { DomainEvent } from '../core/DomainEvent.js';

/**
 * What an append expects to find: an exact stream version (1-based; `0` means the stream does not
 * exist yet), `'no_stream'`, `'stream_exists'`, or `'any'` (no check).
 *
 * @example
 * ```ts
 * await store.appendToStream('Account-1', events, { expectedVersion: 'no_stream' }); // create
 * await store.appendToStream('Account-1', more, { expectedVersion: 3 }); // continue from version 3
 * ```
 */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

/** The options of {@link EventStore.appendToStream}. */
export interface AppendOptions {
  /** The version the writer expects the stream to have; `'any'` when omitted. */
  readonly expectedVersion?: ExpectedVersion;
}

/** What a successful append resolves to. */
export interface AppendResult {
  /** The stream's version after the append: the version of its last event (0 for none). */
  readonly nextExpectedVersion: number;
  /** The global position of the stream's last event (`0n` when the stream has none). */
  readonly lastGlobalPosition: bigint;
}

/**
 * An event as an event store returns it: the event envelope plus where it is stored.
 *
 * @typeParam TEvent - The event union.
 *
 * @example
 * ```ts
 * const [first] = await store.readStream('Account-1');
 * first.version; // 1
 * first.globalPosition; // 17n
 * ```
 */
export type RecordedEvent<TEvent extends DomainEvent = DomainEvent> = TEvent & {
  /** The stream it belongs to. */
  readonly streamId: string;
  /** Its position in the stream: 1 for the first event. */
  readonly version: number;
  /** Its position in the store's global order, increasing in commit order. */
  readonly globalPosition: bigint;
};

/** The options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /**
   * The first version to return (inclusive): default 1 forwards, the last version backwards.
   */
  readonly fromVersion?: number;
  /** The most events to return; all when omitted. */
  readonly maxCount?: number;
  /** `'forwards'` (default) or `'backwards'`. */
  readonly direction?: 'forwards' | 'backwards';
}

/** The options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Returns events strictly after this global position; `0n` (the default) reads from the start. */
  readonly fromPosition?: bigint;
  /** The most events to return; all when omitted. */
  readonly maxCount?: number;
}

/** What an event store knows about one stream. */
export interface StreamMetadata {
  readonly streamId: string;
  /** The version of its last event; 0 when the stream does not exist. */
  readonly version: number;
  /** Whether the stream has at least one event and is not deleted. */
  readonly exists: boolean;
  /** How the stream was deleted, when it was. */
  readonly deleted?: 'soft' | 'hard';
}

/**
 * The options of {@link EventStore.deleteStream}.
 *
 * @example
 * ```ts
 * const options: DeleteStreamOptions = { mode: 'hard', expectedVersion: 12 };
 * ```
 */
export interface DeleteStreamOptions {
  /**
   * `'soft'` (default) appends a tombstone and keeps the events (audits can still read them in
   * `readAll`); `'hard'` removes the stream's events and leaves only the tombstone.
   */
  readonly mode?: 'soft' | 'hard';
  /** The version the deleter expects the stream to have; `'any'` when omitted. */
  readonly expectedVersion?: ExpectedVersion;
}

/** What {@link EventStore.deleteStream} resolves to. */
export interface DeleteStreamResult {
  /** The version of the stream's tombstone (0 when there was no stream to delete). */
  readonly version: number;
  /** How the stream is deleted now (`undefined` when there was no stream). */
  readonly deleted: 'soft' | 'hard' | undefined;
}

/**
 * An append-only store of event streams with optimistic concurrency: the contract that
 * `InMemoryEventStore` and the PostgreSQL adapter implement, and that `eventStoreConformance`
 * (in `tactical-ddd/testing`) checks.
 *
 * Rules: stream versions are 1-based and gapless; a missing stream has version 0, so
 * `{ expectedVersion: 0 }` means `'no_stream'`; an append is atomic (all events or none);
 * re-appending events whose ids are already stored at the same place with the same content, with
 * the expected version the first write had (or `'any'`), returns the first result and writes
 * nothing (with another expected version it is a `ConcurrencyError`, as EventStoreDB answers),
 * even when identical retries race on a server; an id stored with other content, in another
 * stream, or a batch that only partly overlaps stored events is a `DuplicateEventError`; global
 * positions increase in commit order, so a reader that checkpoints the last position it handled
 * never skips an event.
 *
 * @example
 * ```ts
 * const { nextExpectedVersion } = await store.appendToStream('Account-1', [created], { expectedVersion: 'no_stream' });
 * const history = await store.readStream('Account-1');
 * const later = await store.readAll({ fromPosition: checkpoint, maxCount: 500 });
 * ```
 */
export interface EventStore {
  /**
   * Appends events to a stream, atomically, if the stream's version matches `expectedVersion`.
   *
   * @param streamId - The stream (a non-empty string).
   * @param events - The events, in order; an empty array only checks the expected version.
   * @param options - The expected version (`'any'` when omitted).
   * @returns The stream's new version and the global position of its last event.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stream's version does not match; nothing is written.
   * @throws {@link DuplicateEventError} when an event id is stored elsewhere or with other content.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id, option or event; nothing is written.
   */
  appendToStream(streamId: string, events: readonly DomainEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Reads a stream's events in version order (or reverse order); a missing stream reads as `[]`.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id or option, or a stored event that no
   * longer matches its schema.
   */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
  /**
   * Reads events of every stream in global order, strictly after `fromPosition`.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed option or stored event.
   */
  readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]>;
  /**
   * Tells a stream's current version (0 when it does not exist).
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id.
   */
  getStreamMetadata(streamId: string): Promise<StreamMetadata>;
  /**
   * Deletes a stream (optional for adapters; the in-memory and PostgreSQL stores have it): appends
   * a `$StreamDeleted` tombstone, after which appends and stream reads throw
   * {@link "tactical-ddd/event-sourcing".StreamDeletedError | StreamDeletedError}; `'hard'` also removes the stream's events, leaving gaps in the
   * global order that readers step over (`readAll` returns the tombstone in their place, after
   * the events still stored). Deleting again is a no-op (a soft delete can be made hard); a
   * missing stream is left alone.
   *
   * @param streamId - The stream.
   * @param options - The mode (`'soft'` by default) and the expected version.
   * @returns The tombstone's version and the deletion mode.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when the stream's version does not match; nothing is deleted.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} on a malformed stream id or option.
   */
  deleteStream?(streamId: string, options?: DeleteStreamOptions): Promise<DeleteStreamResult>;
}
