import { ValidationError } from '../core/ValidationError.js';
import type { StoredSnapshot } from './SnapshotStore.js';

const MAX_INT4 = 2_147_483_647;

/** Checks a stream id given to a snapshot store. @internal */
export function checkSnapshotStreamId(streamId: unknown): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw ValidationError.of('Snapshot', 'streamId', 'invalid_stream_id', 'streamId must be a non-empty string');
  }
}

/**
 * Checks a snapshot before a store keeps it, and returns its state as JSON text. @internal
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming `streamId`, `version`,
 * `schemaVersion` or `state` and the rule it breaks.
 */
export function checkSnapshot(snapshot: StoredSnapshot): string {
  checkSnapshotStreamId(snapshot.streamId);
  if (!Number.isSafeInteger(snapshot.version) || snapshot.version < 1) {
    throw ValidationError.of('Snapshot', 'version', 'invalid_version', 'version must be a positive integer');
  }
  const { schemaVersion } = snapshot;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > MAX_INT4) {
    throw ValidationError.of(
      'Snapshot',
      'schemaVersion',
      'invalid_schema_version',
      `schemaVersion must be an integer from 1 to ${MAX_INT4}`,
    );
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(snapshot.state);
  } catch (error) {
    throw new ValidationError(
      'Snapshot',
      [{ path: ['state'], field: 'state', rule: 'not_json', message: 'the state is not JSON-serialisable' }],
      { cause: error },
    );
  }
  if (json === undefined) {
    throw ValidationError.of('Snapshot', 'state', 'not_json', 'the state is not JSON-serialisable');
  }
  return json;
}
