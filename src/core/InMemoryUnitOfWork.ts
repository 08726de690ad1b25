import { InMemoryTransaction } from './InMemoryTransaction.js';
import { newEventId } from './newEventId.js';
import type { Transaction } from './Transaction.js';
import type { UnitOfWork, UnitOfWorkOptions } from './UnitOfWork.js';

/**
 * The embedded {@link UnitOfWork}: in-memory repositories and outboxes written through its
 * transaction stage their writes and apply them all at once on commit, after checking every
 * version again; a throw, or a conflict found at commit, discards them all.
 *
 * It has the semantics the database adapters have: nothing written in a unit of work is visible
 * outside it before commit, and events reach the outbox (hence the event bus) only after commit.
 *
 * @example
 * ```ts
 * const outbox = new InMemoryOutbox();
 * const orders = new InMemoryRepository<Order>({ name: 'Order', outbox });
 * const unitOfWork = new InMemoryUnitOfWork();
 *
 * await unitOfWork.run(async (tx) => {
 *   const order = await orders.withTransaction(tx).getById(orderId);
 *   order.confirm();
 *   await orders.withTransaction(tx).save(order);
 * }, { metadata: { correlationId: 'req-42' } });
 * ```
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  private readonly generateId: () => string;

  /** @param options - `generateId`: makes transaction ids (default uuid v7). */
  constructor(options: { readonly generateId?: () => string } = {}) {
    this.generateId = options.generateId ?? newEventId;
  }

  async run<TResult>(
    work: (tx: Transaction) => TResult | Promise<TResult>,
    options: UnitOfWorkOptions = {},
  ): Promise<TResult> {
    const tx = new InMemoryTransaction(this.generateId(), Object.freeze({ ...options.metadata }));
    let result: TResult;
    try {
      result = await work(tx);
    } catch (error) {
      tx.rollback();
      throw error;
    }
    await tx.commit();
    return result;
  }
}
