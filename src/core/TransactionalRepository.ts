import type { AggregateRoot } from './AggregateRoot.js';
import type { DomainEvent } from './DomainEvent.js';
import type { Repository } from './Repository.js';
import type { Transaction } from './Transaction.js';

/**
 * A {@link Repository} that can also work inside a unit of work: `withTransaction(tx)` returns a
 * view whose reads see the transaction's own writes and whose writes are applied only when it
 * commits, with their events put in the outbox in the same transaction.
 *
 * @typeParam TAggregate - The aggregate type.
 * @typeParam TId - Its id type.
 * @typeParam TTransaction - The transaction type of the matching unit of work.
 *
 * @example
 * ```ts
 * async function confirm(orders: TransactionalRepository<Order>, unitOfWork: UnitOfWork, id: OrderId) {
 *   await unitOfWork.run(async (tx) => {
 *     const repo = orders.withTransaction(tx);
 *     const order = await repo.getById(id);
 *     order.confirm();
 *     await repo.save(order);
 *   });
 * }
 * ```
 */
export interface TransactionalRepository<
  TAggregate extends AggregateRoot<TId, object, DomainEvent>,
  TId extends string = TAggregate['id'],
  TTransaction extends Transaction = Transaction,
> extends Repository<TAggregate, TId> {
  /**
   * Returns this repository bound to `tx`.
   *
   * @param tx - The open transaction of a unit of work.
   * @returns A repository whose writes commit or roll back with `tx`.
   */
  withTransaction(tx: TTransaction): Repository<TAggregate, TId>;
}
