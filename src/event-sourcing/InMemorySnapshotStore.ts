import { deepFreeze } from '../core/deepFreeze.js';
import { ValidationError } from '../core/ValidationError.js';
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
  private readonly snapshots = new Map<string, { readonly version: number; readonly json: string }>();

  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    const stored = this.snapshots.get(streamId);
    return stored === undefined ? undefined : deepFreeze(JSON.parse(stored.json) as StoredSnapshot);
  }

  /** @throws {@link "tactical-ddd".ValidationError | ValidationError} when the state is not JSON-serialisable or the version is not positive. */
  async save(snapshot: StoredSnapshot): Promise<void> {
    if (!Number.isSafeInteger(snapshot.version) || snapshot.version < 1) {
      throw ValidationError.of('Snapshot', 'version', 'invalid_version', 'version must be a positive integer');
    }
    const current = this.snapshots.get(snapshot.streamId);
    if (current !== undefined && current.version >= snapshot.version) return;
    let json: string;
    try {
      json = JSON.stringify(snapshot);
    } catch (error) {
      throw new ValidationError(
        'Snapshot',
        [{ path: ['state'], field: 'state', rule: 'not_json', message: 'the state is not JSON-serialisable' }],
        { cause: error },
      );
    }
    this.snapshots.set(snapshot.streamId, { version: snapshot.version, json });
  }
}
