import { JetStreamApiError, type JetStreamManager, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import { ValidationError } from '../core/ValidationError.js';

/** What a publisher and a consumer agree on: the stream and the subjects it holds. @internal */
export interface StreamPlace {
  readonly stream: string;
  /** The subjects' first tokens: the stream holds `<subjectPrefix>.>`. */
  readonly subjectPrefix: string;
  /** The stream's duplicate window, used when this creates it. */
  readonly duplicateWindowMs: number;
}

const STREAM_NOT_FOUND = 10059;

/**
 * Makes sure the stream exists and holds `<subjectPrefix>.>`: creates it (file storage, the given
 * duplicate window) when missing, and refuses one that does not take those subjects.
 * @internal
 */
export async function ensureStream(connection: NatsConnection, place: StreamPlace): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(connection);
  const subjects = `${place.subjectPrefix}.>`;
  try {
    const info = await jsm.streams.info(place.stream);
    if (!(info.config.subjects ?? []).includes(subjects)) {
      throw ValidationError.of(
        'NatsStream',
        'subjectPrefix',
        'stream_mismatch',
        `stream ${place.stream} exists without the subjects ${subjects} (it has ${(info.config.subjects ?? []).join(', ')})`,
      );
    }
    return jsm;
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== STREAM_NOT_FOUND) throw error;
  }
  // Two processes creating it at once with the same configuration both succeed.
  await jsm.streams.add({
    name: place.stream,
    subjects: [subjects],
    storage: StorageType.File,
    duplicate_window: nanos(place.duplicateWindowMs),
  });
  return jsm;
}
