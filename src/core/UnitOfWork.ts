import type { EventMetadata } from './DomainEvent.js';
import type { Transaction } from './Transaction.js';

/**
 * The options of {@link UnitOfWork.run}.
 *
 * @example
 * ```ts
 * await unitOfWork.run(work, { metadata: { correlationId: 'req-42', causationId: commandId } });
 * ```
 */
export interface UnitOfWorkOptions {
  /**
   * Metadata stamped on every event stored in the unit of work, such as the `correlationId` and
   * `causationId` of the command being handled. A bus handler's context has this shape, so
   * `unitOfWork.run(work, context)` propagates its ids.
   */
  readonly metadata?: EventMetadata;
}

/**
 * Runs work in one transaction: the state written through it and the events put in the outbox
 * commit together when the work resolves, and are all discarded when it throws.
 *
 * @typeParam TTransaction - The transaction type the implementation hands out.
 *
 * @example
 * ```ts
 * const unitOfWork: UnitOfWork = new InMemoryUnitOfWork();
 * await unitOfWork.run(async (tx) => {
 *   const order = await orders.withTransaction(tx).getById(orderId);
 *   order.confirm();
 *   await orders.withTransaction(tx).save(order); // staged: applied only on commit
 * }, { metadata: { correlationId: 'req-42' } });
 * ```
 */
export interface UnitOfWork<TTransaction extends Transaction = Transaction> {
  /**
   * Opens a transaction, runs `work` with it, and commits when `work` resolves; rolls back and
   * rethrows when it throws or when the commit fails.
   *
   * @param work - What to do in the transaction.
   * @param options - Metadata for the events stored in it.
   * @returns What `work` returned, once committed.
   * @throws {@link ConcurrencyError} when a staged write conflicts at commit; nothing is applied.
   */
  run<TResult>(work: (tx: TTransaction) => TResult | Promise<TResult>, options?: UnitOfWorkOptions): Promise<TResult>;
}
