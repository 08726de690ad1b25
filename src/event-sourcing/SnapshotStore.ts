/** A snapshot as a {@link SnapshotStore} keeps it: an aggregate's state as JSON-safe data. */
export interface StoredSnapshot {
  /** The stream the snapshot summarises. */
  readonly streamId: string;
  /** The version of the last event folded into `state`. */
  readonly version: number;
  /**
   * The version of the state's shape. A repository ignores snapshots of another schema version
   * and replays the stream instead, so changing the state's shape only needs a bump.
   */
  readonly schemaVersion: number;
  readonly state: unknown;
}

/**
 * Keeps the latest snapshot of each stream, so that loading an aggregate replays only the events
 * after it. A snapshot is a cache: losing one costs a longer replay, never data.
 *
 * @example
 * ```ts
 * const repository = new EventSourcedRepository({
 *   store,
 *   create: (id) => new Account(id),
 *   snapshots: { store: new InMemorySnapshotStore(), every: 100 },
 * });
 * ```
 */
export interface SnapshotStore {
  /** Loads the latest snapshot of a stream, if any. */
  load(streamId: string): Promise<StoredSnapshot | undefined>;
  /** Keeps `snapshot` unless the store holds a newer one for its stream. */
  save(snapshot: StoredSnapshot): Promise<void>;
}
