import type { SnapshotStore, StoredSnapshot } from 'tactical-ddd/event-sourcing';
import type { SqlClient } from 'tactical-ddd/postgres';

/**
 * Keeps each stream's newest snapshot in a table (`bank_snapshots`). tactical-ddd ships the
 * `SnapshotStore` port and an in-memory store; this is the PostgreSQL one, a few lines of SQL.
 * A snapshot is a cache: losing one only costs a longer replay.
 */
export class PostgresSnapshotStore implements SnapshotStore {
  private readonly client: SqlClient;
  private readonly table: string;

  constructor(client: SqlClient, schema: string) {
    this.client = client;
    this.table = `"${schema}".bank_snapshots`;
  }

  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    const { rows } = await this.client.query<{ version: number; schemaVersion: number; state: unknown }>(
      `SELECT version, schema_version AS "schemaVersion", state FROM ${this.table} WHERE stream_id = $1`,
      [streamId],
    );
    const row = rows[0];
    return row === undefined ? undefined : { streamId, ...row };
  }

  async save(snapshot: StoredSnapshot): Promise<void> {
    // Keeps the newer snapshot when two writers race.
    await this.client.query(
      `INSERT INTO ${this.table} AS s (stream_id, version, schema_version, state) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, schema_version = EXCLUDED.schema_version,
         state = EXCLUDED.state WHERE s.version < EXCLUDED.version`,
      [snapshot.streamId, snapshot.version, snapshot.schemaVersion, JSON.stringify(snapshot.state)],
    );
  }
}
