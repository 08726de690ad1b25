import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import { type Projection, projectEvent } from '../event-sourcing/Projection.js';
import { PostgresCheckpointStore } from './PostgresCheckpointStore.js';
import type { PostgresEventStore } from './PostgresEventStore.js';
import type { SqlClient } from './SqlClient.js';

/** The options of a {@link PostgresProjector}. */
export interface PostgresProjectorOptions {
  /** The database of the event store and of the read model. */
  readonly client: SqlClient;
  /** The event store to follow. */
  readonly store: PostgresEventStore;
  /** The projection: its name is its checkpoint's key; its handlers write with the batch's transaction. */
  // biome-ignore lint/suspicious/noExplicitAny: any event union; handlers are looked up by type.
  readonly projection: Projection<any, SqlClient>;
  /** The most events per transaction (default 500). */
  readonly batchSize?: number;
}

/**
 * Keeps a read model in the same database up to date, exactly once: each batch of events is
 * applied and its checkpoint saved ({@link PostgresCheckpointStore}) in one transaction, so a
 * crash or an error leaves both as they were and the batch is applied again later. Instances of
 * the same projection take turns (a transaction-scoped advisory lock per batch).
 *
 * @example
 * ```ts
 * const balances = defineProjection<AccountEvent, SqlClient>({
 *   name: 'balances',
 *   handlers: {
 *     Deposited: async (event, tx) => {
 *       await tx.query('UPDATE balances SET amount = amount + $1 WHERE id = $2', [event.payload.amount, event.aggregateId]);
 *     },
 *   },
 * });
 * const projector = new PostgresProjector({ client, store, projection: balances });
 * await projector.catchUp(); // after each command, or on a timer
 * ```
 */
export class PostgresProjector {
  private readonly options: PostgresProjectorOptions;
  private readonly checkpoints: PostgresCheckpointStore;
  private readonly batchSize: number;

  /**
   * @param options - The database, the store and the projection.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} for an empty name or a batch size that is not a positive integer.
   */
  constructor(options: PostgresProjectorOptions) {
    if (typeof options.projection?.name !== 'string' || options.projection.name.length === 0) {
      throw ValidationError.of(
        'PostgresProjectorOptions',
        'projection',
        'invalid_name',
        'a projection with a non-empty name is required',
      );
    }
    const batchSize = options.batchSize ?? 500;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw ValidationError.of(
        'PostgresProjectorOptions',
        'batchSize',
        'invalid_batch_size',
        'batchSize must be a positive integer',
      );
    }
    this.options = options;
    this.batchSize = batchSize;
    this.checkpoints = new PostgresCheckpointStore({ client: options.client, schema: options.store.schema });
  }

  /**
   * Applies every event after the checkpoint, a batch per transaction, until none is left.
   *
   * @returns How many events it applied.
   * @throws whatever the handler threw; that batch and its checkpoint are rolled back.
   */
  async catchUp(): Promise<number> {
    const { client, store, projection } = this.options;
    const name = projection.name;
    let total = 0;
    for (;;) {
      const applied = await client.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `tactical-ddd:projection:${store.schema}:${name}`,
        ]);
        const checkpoints = this.checkpoints.withClient(tx);
        const from = (await checkpoints.load(name)) ?? 0n;
        const events = await store.withClient(tx).readAll({ fromPosition: from, maxCount: this.batchSize });
        for (const event of events) await projectEvent(projection as Projection<DomainEvent, SqlClient>, event, tx);
        const last = events[events.length - 1];
        if (last !== undefined) await checkpoints.save(name, last.globalPosition);
        return events.length;
      });
      total += applied;
      if (applied < this.batchSize) return total;
    }
  }
}
