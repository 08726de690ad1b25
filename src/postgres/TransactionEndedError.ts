import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when a {@link SqlClient} bound to a transaction is used after that transaction committed
 * or rolled back: the statement would otherwise run outside it, on a connection that may already
 * serve someone else.
 *
 * @example
 * ```ts
 * let leaked: SqlClient | undefined;
 * await client.transaction(async (tx) => {
 *   leaked = tx;
 * });
 * await leaked?.query('SELECT 1'); // throws TransactionEndedError
 * ```
 */
export class TransactionEndedError extends DomainError {
  declare readonly name: 'TransactionEndedError';
  declare readonly code: 'postgres.transaction_ended';

  constructor() {
    super('This SqlClient belongs to a transaction that already ended; use it only inside its transaction');
    this.name = 'TransactionEndedError';
    this.code = 'postgres.transaction_ended';
  }
}
