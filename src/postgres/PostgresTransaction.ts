import type { EventMetadata } from '../core/DomainEvent.js';
import type { Transaction, TransactionParticipant } from '../core/Transaction.js';
import { TransactionClosedError } from '../core/TransactionClosedError.js';
import type { SqlClient } from './SqlClient.js';

/**
 * The transaction a {@link PostgresUnitOfWork} hands out: a core {@link "tactical-ddd".Transaction | Transaction} that also
 * carries the {@link SqlClient} bound to the database transaction. Postgres stores write through
 * `client`; in-memory stores may still `enlist`, and are checked and prepared before the database
 * commits and applied after it did.
 *
 * @example
 * ```ts
 * await unitOfWork.run(async (tx) => {
 *   await tx.client.query('UPDATE stock SET reserved = reserved + $1 WHERE sku = $2', [1, 'sku-1']);
 *   await orders.withTransaction(tx).save(order);
 * });
 * ```
 */
export class PostgresTransaction implements Transaction {
  readonly id: string;
  readonly metadata: EventMetadata;
  /** The client bound to the database transaction. */
  readonly client: SqlClient;
  private readonly participants = new Map<object, TransactionParticipant>();
  private status: 'open' | 'committing' | 'committed' | 'rolled_back' = 'open';

  /**
   * @param id - The transaction's id, for logs.
   * @param metadata - Metadata stamped on the events stored in it.
   * @param client - The client bound to the database transaction.
   */
  constructor(id: string, metadata: EventMetadata, client: SqlClient) {
    this.id = id;
    this.metadata = metadata;
    this.client = client;
  }

  /**
   * Returns the participant that `owner` (an in-memory store) enlisted, creating it on first use;
   * it is checked and prepared before the database commits and applied after.
   *
   * @param owner - The store the participant belongs to.
   * @param create - Makes the participant on first use.
   * @returns The store's participant.
   * @throws {@link "tactical-ddd".TransactionClosedError | TransactionClosedError} once the transaction is committing or over.
   */
  enlist<TParticipant extends TransactionParticipant>(owner: object, create: () => TParticipant): TParticipant {
    if (this.status !== 'open') throw new TransactionClosedError(this.id, this.status);
    let participant = this.participants.get(owner);
    if (participant === undefined) {
      participant = create();
      this.participants.set(owner, participant);
    }
    return participant as TParticipant;
  }

  /** Checks and prepares the enlisted participants, before the database commits. @internal */
  async beforeCommit(): Promise<void> {
    if (this.status !== 'open') throw new TransactionClosedError(this.id, this.status);
    this.status = 'committing';
    const participants = [...this.participants.values()];
    for (const participant of participants) participant.check?.();
    for (const participant of participants) await participant.prepare?.();
    for (const participant of participants) participant.check?.();
  }

  /** Applies the enlisted participants, once the database committed. @internal */
  afterCommit(): void {
    for (const participant of this.participants.values()) participant.apply();
    this.status = 'committed';
  }

  /** Discards the enlisted participants' writes. @internal */
  rollback(): void {
    if (this.status === 'committed' || this.status === 'rolled_back') return;
    this.status = 'rolled_back';
    for (const participant of this.participants.values()) participant.discard?.();
  }
}
