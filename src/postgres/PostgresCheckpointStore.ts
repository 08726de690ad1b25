import { ValidationError } from '../core/ValidationError.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName, sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of a {@link PostgresCheckpointStore}.
 *
 * @example
 * ```ts
 * const checkpoints = new PostgresCheckpointStore({ client, schema: 'app' });
 * ```
 */
export interface PostgresCheckpointStoreOptions {
  /** The database (or a client bound to a transaction). */
  readonly client: SqlClient;
  /** The schema {@link migrate} created the tables in; default `'public'`. */
  readonly schema?: string;
}

/**
 * Keeps each subscriber's checkpoint (the global position of the last event it handled) in
 * `ddd_checkpoints`. Bound to the transaction that writes a projection's read model
 * (`withClient(tx)`), the checkpoint commits with the read model or not at all, so a read model in
 * the same database sees every event exactly once.
 *
 * Positions are event store positions, which can exceed 64 bits: they are stored as `NUMERIC`.
 *
 * @example
 * ```ts
 * const checkpoints = new PostgresCheckpointStore({ client });
 * await client.transaction(async (tx) => {
 *   const from = (await checkpoints.withClient(tx).load('balances')) ?? 0n;
 *   const events = await store.withClient(tx).readAll({ fromPosition: from, maxCount: 500 });
 *   for (const event of events) await applyToReadModel(tx, event);
 *   if (events.length > 0) await checkpoints.withClient(tx).save('balances', events[events.length - 1].globalPosition);
 * });
 * ```
 */
export class PostgresCheckpointStore {
  private readonly options: PostgresCheckpointStoreOptions;
  private readonly table: string;

  /**
   * @param options - The client and the schema.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier.
   */
  constructor(options: PostgresCheckpointStoreOptions) {
    this.options = options;
    this.table = qualifiedName(
      sqlIdentifier(options.schema ?? 'public', 'PostgresCheckpointStoreOptions', 'schema'),
      'ddd_checkpoints',
    );
  }

  /**
   * Returns this store working through `client`, typically a client bound to a transaction.
   *
   * @param client - The client to use.
   * @returns A checkpoint store with the same schema on `client`.
   */
  withClient(client: SqlClient): PostgresCheckpointStore {
    return new PostgresCheckpointStore({ ...this.options, client });
  }

  /**
   * Reads a subscriber's checkpoint.
   *
   * @param name - The subscriber (a projection's name).
   * @returns The last position it handled, or `undefined` when it never saved one.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `name` is empty.
   */
  async load(name: string): Promise<bigint | undefined> {
    checkName(name);
    const { rows } = await this.options.client.query<{ position: string }>(
      `SELECT position::text AS position FROM ${this.table} WHERE name = $1`,
      [name],
    );
    return rows[0] === undefined ? undefined : BigInt(rows[0].position);
  }

  /**
   * Records that a subscriber handled everything up to and including `position`.
   *
   * @param name - The subscriber.
   * @param position - The global position of the last event it handled.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `name` is empty or `position` is not a non-negative bigint.
   */
  async save(name: string, position: bigint): Promise<void> {
    checkName(name);
    if (typeof position !== 'bigint' || position < 0n) {
      throw ValidationError.of(
        'CheckpointStore',
        'position',
        'invalid_position',
        'position must be a non-negative bigint',
      );
    }
    await this.options.client.query(
      `INSERT INTO ${this.table} (name, position) VALUES ($1, $2::numeric)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [name, position.toString()],
    );
  }
}

function checkName(name: unknown): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw ValidationError.of('CheckpointStore', 'name', 'invalid_name', 'name must be a non-empty string');
  }
}
