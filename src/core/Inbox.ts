/**
 * The consumer side of at-least-once delivery: an inbox remembers, per consumer, the ids of the
 * messages it handled, in the same transaction as the handler's writes, so a message delivered
 * twice changes nothing the second time. `PostgresInbox` of `tactical-ddd/postgres` (a
 * `ddd_inbox` table) and {@link InMemoryInbox} implement it; broker consumers acknowledge a message
 * only once `handleOnce` resolved, that is after the transaction committed.
 *
 * @typeParam TTransaction - What the handler writes with (a SQL client, a unit of work's transaction).
 *
 * @example
 * ```ts
 * async function onMessage(inbox: Inbox<Transaction>, event: DomainEvent): Promise<void> {
 *   await inbox.handleOnce('billing', event.id, async (tx) => {
 *     await invoices.withTransaction(tx).save(Invoice.for(event));
 *   });
 * }
 * ```
 */
export interface Inbox<TTransaction = unknown> {
  /**
   * Runs `handler` in a transaction and records `messageId` for `consumer` in it, unless that
   * consumer already handled the message; a concurrent duplicate waits for the first and is
   * dropped. If the handler throws, nothing is recorded and the message can be handled again.
   *
   * @param consumer - Who handles the message (one inbox per consumer).
   * @param messageId - The message's id (an event's id).
   * @param handler - The handler's writes, made in the transaction.
   * @returns `true` when the handler ran and committed, `false` for a duplicate.
   */
  handleOnce(consumer: string, messageId: string, handler: (tx: TTransaction) => Promise<void>): Promise<boolean>;
}
