import type { EventMetadata } from './DomainEvent.js';

/**
 * A store's share of a transaction: the writes it staged, checked and applied when the
 * transaction commits, or dropped when it rolls back.
 *
 * On commit, every participant's `check` runs, then every `prepare` (which may be asynchronous),
 * then, in one synchronous step, every `check` again and every `apply`: so either every
 * participant applies its writes or none does.
 *
 * @example
 * ```ts
 * const staged: string[] = [];
 * const participant: TransactionParticipant = {
 *   apply: () => log.push(...staged),
 *   discard: () => staged.splice(0),
 * };
 * ```
 */
export interface TransactionParticipant {
  /**
   * Checks synchronously that the staged writes can still be applied.
   *
   * @throws {@link ConcurrencyError} (or any error) to roll the whole transaction back.
   */
  check?(): void;
  /** Does fallible work before anything is applied; throwing rolls the whole transaction back. */
  prepare?(): void | Promise<void>;
  /** Applies the staged writes. It must not throw. */
  apply(): void;
  /** Drops the staged writes when the transaction rolls back. */
  discard?(): void;
}

/**
 * An open transaction of a {@link UnitOfWork}: what repositories and outboxes write through, and the
 * metadata (correlation and causation ids, trace context) they stamp on the events they store.
 *
 * A database adapter extends it with its connection; in-memory stores join it with `enlist`.
 *
 * @example
 * ```ts
 * await unitOfWork.run(async (tx) => {
 *   const order = await orders.withTransaction(tx).getById(orderId);
 *   order.confirm();
 *   await orders.withTransaction(tx).save(order);
 * });
 * ```
 */
export interface Transaction {
  /** The transaction's id, for logs. */
  readonly id: string;
  /** Metadata added to every event stored in this transaction (the event's own keys win). */
  readonly metadata: EventMetadata;
  /**
   * Returns the participant that `owner` (a store) enlisted in this transaction, creating and
   * enlisting it with `create` on first use.
   *
   * @param owner - The store the participant belongs to.
   * @param create - Makes the participant on first use.
   * @returns The store's participant.
   * @throws {@link TransactionClosedError} when the transaction already committed or rolled back.
   */
  enlist<TParticipant extends TransactionParticipant>(owner: object, create: () => TParticipant): TParticipant;
}
