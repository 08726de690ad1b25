import { newEventId } from '../core/newEventId.js';
import type { UnitOfWork, UnitOfWorkOptions } from '../core/UnitOfWork.js';
import { PostgresTransaction } from './PostgresTransaction.js';
import type { SqlClient } from './SqlClient.js';

/**
 * The options of a {@link PostgresUnitOfWork}.
 *
 * @example
 * ```ts
 * const unitOfWork = new PostgresUnitOfWork({ client });
 * ```
 */
export interface PostgresUnitOfWorkOptions {
  /** The database. */
  readonly client: SqlClient;
  /** Makes transaction ids (default: uuid v7). */
  readonly generateId?: () => string;
}

/**
 * A {@link "tactical-ddd".UnitOfWork | UnitOfWork} that is one database transaction: every repository, event store and outbox
 * written through its {@link PostgresTransaction} commits together, or rolls back together when
 * the work throws or a save conflicts.
 *
 * @example
 * ```ts
 * const unitOfWork = new PostgresUnitOfWork({ client });
 * await unitOfWork.run(async (tx) => {
 *   const order = await orders.withTransaction(tx).getById(orderId);
 *   order.confirm();
 *   await orders.withTransaction(tx).save(order); // its events go to ddd_outbox in the same transaction
 * }, { metadata: { correlationId: 'req-42' } });
 * ```
 */
export class PostgresUnitOfWork implements UnitOfWork<PostgresTransaction> {
  private readonly client: SqlClient;
  private readonly generateId: () => string;

  /** @param options - The database and an id source. */
  constructor(options: PostgresUnitOfWorkOptions) {
    this.client = options.client;
    this.generateId = options.generateId ?? newEventId;
  }

  /**
   * Opens a database transaction, runs `work` with it and commits when `work` resolves; rolls back
   * and rethrows when it throws or when the commit fails.
   *
   * @param work - What to do in the transaction.
   * @param options - Metadata stamped on the events stored in it.
   * @returns What `work` returned, once committed.
   * @throws {@link "tactical-ddd".ConcurrencyError | ConcurrencyError} when a save conflicts; nothing is committed.
   */
  async run<TResult>(
    work: (tx: PostgresTransaction) => TResult | Promise<TResult>,
    options: UnitOfWorkOptions = {},
  ): Promise<TResult> {
    const id = this.generateId();
    const metadata = Object.freeze({ ...options.metadata });
    let tx: PostgresTransaction | undefined;
    try {
      const result = await this.client.transaction(async (sql) => {
        tx = new PostgresTransaction(id, metadata, sql);
        const value = await work(tx);
        await tx.beforeCommit();
        return value;
      });
      tx?.afterCommit();
      return result;
    } catch (error) {
      tx?.rollback();
      throw error;
    }
  }
}
