/**
 * The consumer side of at-least-once delivery: an inbox remembers, per consumer, the ids of the
 * messages it handled, in the same transaction as the handler's writes, so a message delivered
 * twice changes nothing the second time. `PostgresInbox` of `tactical-ddd/postgres` (a
 * `ddd_inbox` table) and {@link InMemoryInbox} implement it; broker consumers acknowledge a message
 * only once `handleOnce` resolved, that is after the transaction committed.
 *
 * @typeParam TTransaction - What the handler writes with (a SQL client, a memory transaction).
 *
 * @example
 * ```ts
 * async function onMessage(inbox: Inbox<SqlClient>, event: DomainEvent): Promise<void> {
 *   await inbox.handleOnce('billing', event.id, (tx) =>
 *     store.transaction(async (s) => s.invoices.add(Invoice.for(event)), { within: tx }),
 *   );
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
  /**
   * Handles several messages for `consumer` in one transaction, in order, each in a savepoint of
   * its own: a duplicate is skipped, a handler that throws has its writes (and its inbox row)
   * undone and reports `failed` without failing its neighbours, and the rest commit together.
   * Resolves once that commit is done, so a broker consumer acknowledges after it; rejects when
   * the transaction as a whole fails (nothing is then recorded). Optional: consumers call
   * `handleOnce` per message when an inbox has no `handleBatch`.
   *
   * @param consumer - Who handles the messages.
   * @param messages - The message ids and their handlers, in handling order.
   * @returns One outcome per message, in the same order.
   */
  handleBatch?(consumer: string, messages: readonly InboxMessage<TTransaction>[]): Promise<readonly InboxOutcome[]>;
}

/**
 * One message of an {@link Inbox.handleBatch} call: its id and the handler's writes.
 *
 * @typeParam TTransaction - What the handler writes with.
 *
 * @example
 * ```ts
 * const message: InboxMessage<SqlClient> = {
 *   messageId: event.id,
 *   handler: async (tx) => {
 *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
 *   },
 * };
 * ```
 */
export interface InboxMessage<TTransaction = unknown> {
  /** The message's id (an event's id). */
  readonly messageId: string;
  /** The handler's writes, made in the batch's transaction (inside the message's savepoint). */
  readonly handler: (tx: TTransaction) => Promise<void>;
}

/**
 * What {@link Inbox.handleBatch} did with one message: `handled` (committed with the batch),
 * `duplicate` (the consumer had handled it already) or `failed` (its handler threw `error`; nothing
 * of it was recorded, so it can be handled again).
 *
 * @example
 * ```ts
 * const outcomes: readonly InboxOutcome[] = await inbox.handleBatch('billing', messages);
 * const retry = messages.filter((_, i) => outcomes[i]?.status === 'failed');
 * ```
 */
export type InboxOutcome =
  | { readonly status: 'handled' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'failed'; readonly error: unknown };
