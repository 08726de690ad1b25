import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when code running inside `client.transaction(work)` on PGlite uses the outer client
 * instead of the one handed to `work`. PGlite has a single connection: the statement would wait
 * for the open transaction, which waits for the statement, forever. Pass the transaction's client
 * down (`repository.withClient(tx)`, `store.withClient(tx)`).
 *
 * @example
 * ```ts
 * await client.transaction(async (tx) => {
 *   await orders.withClient(tx).save(order); // right
 *   await orders.save(other); // TransactionClientRequiredError on PGlite
 * });
 * ```
 */
export class TransactionClientRequiredError extends DomainError {
  declare readonly name: 'TransactionClientRequiredError';
  declare readonly code: 'postgres.transaction_client_required';

  constructor() {
    super(
      'Inside client.transaction(work), use the client handed to work: PGlite has one connection, and a statement through the outer client would wait for the open transaction forever',
    );
    this.name = 'TransactionClientRequiredError';
    this.code = 'postgres.transaction_client_required';
  }
}
