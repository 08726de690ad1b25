import { DomainError } from './DomainError.js';

/**
 * Thrown when something uses a store session that already committed or rolled back, such as a
 * handler that kept the session after `store.transaction` ended.
 *
 * @example
 * ```ts
 * const kept = await store.transaction(async (s) => s);
 * await kept.orders.get(orderId); // TransactionClosedError
 * ```
 */
export class TransactionClosedError extends DomainError {
  declare readonly name: 'TransactionClosedError';
  declare readonly code: 'core.transaction_closed';
  /** The id of the transaction. */
  declare readonly transactionId: string;
  /** What became of it. */
  declare readonly status: 'committing' | 'committed' | 'rolled_back';

  /**
   * @param transactionId - The id of the closed transaction.
   * @param status - What became of it.
   */
  constructor(transactionId: string, status: 'committing' | 'committed' | 'rolled_back') {
    super(`Transaction ${transactionId} is ${status.replace('_', ' ')}; open a new unit of work`);
    this.name = 'TransactionClosedError';
    this.code = 'core.transaction_closed';
    this.transactionId = transactionId;
    this.status = status;
  }
}
