import { deepFreeze } from '../core/deepFreeze.js';
import { checkSnapshot, checkSnapshotStreamId } from './checkSnapshot.js';
import type { SnapshotStore, StoredSnapshot } from './SnapshotStore.js';

/**
 * A {@link SnapshotStore} in memory, keeping each stream's newest snapshot as JSON text.
 *
 * @example
 * ```ts
 * const snapshots = new InMemorySnapshotStore();
 * await snapshots.save({ streamId: 'Account-1', version: 100, schemaVersion: 1, state: { balance: 500 } });
 * ```
 */
export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<
    string,
    { readonly version: number; readonly schemaVersion: number; readonly json: string }
  >();

  /** @throws {@link "tactical-ddd".ValidationError | ValidationError} when `streamId` is not a non-empty string. */
  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    checkSnapshotStreamId(streamId);
    const stored = this.snapshots.get(streamId);
    if (stored === undefined) return undefined;
    const { version, schemaVersion, json } = stored;
    return deepFreeze({ streamId, version, schemaVersion, state: JSON.parse(json) as unknown });
  }

  /**
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the stream id is empty, the version or schema
   * version is not a positive integer, or the state is not JSON-serialisable.
   */
  async save(snapshot: StoredSnapshot): Promise<void> {
    const json = checkSnapshot(snapshot);
    const current = this.snapshots.get(snapshot.streamId);
    if (current !== undefined && current.version >= snapshot.version) return;
    this.snapshots.set(snapshot.streamId, { version: snapshot.version, schemaVersion: snapshot.schemaVersion, json });
  }
}
