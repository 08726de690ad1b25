import { DomainError } from './DomainError.js';

/**
 * Thrown when something writes through a transaction that already committed or rolled back, such
 * as a handler that kept `tx` after its unit of work ended.
 *
 * @example
 * ```ts
 * let kept: Transaction | undefined;
 * await unitOfWork.run((tx) => { kept = tx; });
 * await orders.withTransaction(kept).save(order); // TransactionClosedError
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
