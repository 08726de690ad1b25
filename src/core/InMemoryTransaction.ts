import type { EventMetadata } from './DomainEvent.js';
import type { Transaction, TransactionParticipant } from './Transaction.js';
import { TransactionClosedError } from './TransactionClosedError.js';

/**
 * The transaction of the in-memory stores: participants stage writes and apply them all in one
 * synchronous step on commit. @internal
 */
export class InMemoryTransaction implements Transaction {
  readonly id: string;
  readonly metadata: EventMetadata;
  private readonly participants = new Map<object, TransactionParticipant>();
  private status: 'open' | 'committing' | 'committed' | 'rolled_back' = 'open';

  constructor(id: string, metadata: EventMetadata) {
    this.id = id;
    this.metadata = metadata;
  }

  enlist<TParticipant extends TransactionParticipant>(owner: object, create: () => TParticipant): TParticipant {
    if (this.status !== 'open') throw new TransactionClosedError(this.id, this.status);
    let participant = this.participants.get(owner);
    if (participant === undefined) {
      participant = create();
      this.participants.set(owner, participant);
    }
    return participant as TParticipant;
  }

  /** Checks, prepares, then checks again and applies every participant in one synchronous step. */
  async commit(): Promise<void> {
    if (this.status !== 'open') throw new TransactionClosedError(this.id, this.status);
    this.status = 'committing';
    const participants = [...this.participants.values()];
    try {
      for (const participant of participants) participant.check?.();
      for (const participant of participants) await participant.prepare?.();
      for (const participant of participants) participant.check?.();
    } catch (error) {
      this.rollback();
      throw error;
    }
    for (const participant of participants) participant.apply();
    this.status = 'committed';
  }

  /** Drops every participant's staged writes; a no-op once committed or rolled back. */
  rollback(): void {
    if (this.status === 'committed' || this.status === 'rolled_back') return;
    this.status = 'rolled_back';
    for (const participant of this.participants.values()) participant.discard?.();
  }
}
