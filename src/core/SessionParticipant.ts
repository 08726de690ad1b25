/**
 * Anything that writes in a session's transaction besides the aggregates: a read model, an audit
 * log, a repository of your own that is not an aggregate store. Join a session with
 * `session.join(participant)`; at commit, after the aggregates and before the outbox, the store
 * calls `flush` with its transaction (`SqlClient` bound to the database transaction for the
 * Postgres store, a {@link MemoryTransaction} in memory). Throwing rolls the whole session back.
 *
 * @typeParam TTransaction - The store's transaction type.
 *
 * @example
 * ```ts
 * await store.transaction(async (s) => {
 *   (await s.orders.get(orderId)).confirm();
 *   s.join({ flush: (tx) => tx.query('UPDATE stats SET confirmed = confirmed + 1').then(() => undefined) });
 * });
 * ```
 */
export interface SessionParticipant<TTransaction> {
  /** Writes in the session's transaction. */
  flush(tx: TTransaction): Promise<void>;
  /** Called once the transaction committed (it must not throw; errors are ignored). */
  committed?(): void;
}
