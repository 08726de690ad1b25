import { deepFreeze } from '../core/deepFreeze.js';
import { checkSnapshot, checkSnapshotStreamId } from '../event-sourcing/checkSnapshot.js';
import type { SnapshotStore, StoredSnapshot } from '../event-sourcing/SnapshotStore.js';
import { checkJsonb } from './checkJsonb.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName, sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresSnapshotStore}.
 *
 * @example
 * ```ts
 * const snapshots = new PostgresSnapshotStore({ client, schema: 'bank' });
 * ```
 */
export interface PostgresSnapshotStoreOptions {
  /** The database (or a client bound to a transaction). */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
}

interface SnapshotRow {
  readonly version: number | string;
  readonly schema_version: number;
  readonly data: unknown;
}

/**
 * A {@link "tactical-ddd/event-sourcing".SnapshotStore | SnapshotStore} on PostgreSQL or PGlite:
 * the newest snapshot of each stream is one row of `ddd_snapshots` (created by {@link migrate}),
 * its state a JSONB document. A save is one upsert that never goes backwards: when two writers
 * race, or an older snapshot arrives late, the newer version stays. `withClient(tx)` saves the snapshot in the same transaction as the events it summarises.
 *
 * @example
 * ```ts
 * const accounts = new EventSourcedRepository({
 *   store: new PostgresEventStore({ client, schema: 'bank', registry }),
 *   create: (id) => new Account(id),
 *   snapshots: { store: new PostgresSnapshotStore({ client, schema: 'bank' }), every: 100 },
 * });
 * ```
 */
export class PostgresSnapshotStore implements SnapshotStore {
  private readonly options: PostgresSnapshotStoreOptions;
  private readonly table: string;

  /**
   * @param options - The client and the schema.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier.
   */
  constructor(options: PostgresSnapshotStoreOptions) {
    this.options = options;
    this.table = qualifiedName(
      sqlIdentifier(options.schema ?? 'public', 'PostgresSnapshotStoreOptions', 'schema'),
      'ddd_snapshots',
    );
  }

  /**
   * Returns this store working through `client`, typically a client bound to a transaction.
   *
   * @param client - The client to use.
   * @returns A snapshot store with the same schema on `client`.
   */
  withClient(client: SqlClient): PostgresSnapshotStore {
    return new PostgresSnapshotStore({ ...this.options, client });
  }

  /**
   * Loads the newest snapshot of a stream.
   *
   * @param streamId - The stream.
   * @returns The snapshot (frozen), or `undefined` when there is none.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `streamId` is not a non-empty string.
   */
  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    checkSnapshotStreamId(streamId);
    const { rows } = await this.options.client.query<SnapshotRow>(
      `SELECT version, schema_version, data FROM ${this.table} WHERE stream_id = $1`,
      [streamId],
      { prepare: true },
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return deepFreeze({
      streamId,
      version: Number(row.version),
      schemaVersion: Number(row.schema_version),
      state: row.data,
    });
  }

  /**
   * Keeps `snapshot` unless the table holds one of the same or a newer version for its stream.
   *
   * @param snapshot - The snapshot.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the stream id is empty, the version or schema
   * version is not a positive integer, or the state is not JSON-serialisable or holds U+0000 in a string.
   */
  async save(snapshot: StoredSnapshot): Promise<void> {
    const data = checkJsonb(checkSnapshot(snapshot), 'Snapshot', 'state');
    await this.options.client.query(
      `INSERT INTO ${this.table} (stream_id, version, schema_version, data) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (stream_id) DO UPDATE
         SET version = EXCLUDED.version, schema_version = EXCLUDED.schema_version, data = EXCLUDED.data,
             updated_at = now()
         WHERE ddd_snapshots.version < EXCLUDED.version`,
      [snapshot.streamId, snapshot.version, snapshot.schemaVersion, data],
      { prepare: true },
    );
  }
}
