import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when a transaction's work resolved although one of its statements had failed (the error
 * was caught inside): PostgreSQL had already aborted the transaction, so nothing was committed.
 * Without this error the caller would believe its writes were saved.
 *
 * @example
 * ```ts
 * await client.transaction(async (tx) => {
 *   await tx.query('INSERT INTO t VALUES (1)');
 *   await tx.query('SELECT * FROM missing_table').catch(() => undefined); // aborts the transaction
 * }); // throws TransactionAbortedError: the INSERT was rolled back
 * ```
 */
export class TransactionAbortedError extends DomainError {
  declare readonly name: 'TransactionAbortedError';
  declare readonly code: 'postgres.transaction_aborted';

  /** @param options - `cause`: the error that ended the transaction, when known. */
  constructor(options?: { readonly cause?: unknown }) {
    super(
      'The transaction was rolled back: one of its statements failed (and the error was caught), so nothing was committed',
      options,
    );
    this.name = 'TransactionAbortedError';
    this.code = 'postgres.transaction_aborted';
  }
}
