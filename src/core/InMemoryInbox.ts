import type { Inbox, InboxMessage, InboxOutcome } from './Inbox.js';
import { invalidInboxId } from './invalidInboxId.js';
import { type MemoryTransaction, runMemoryTransaction } from './MemoryTransaction.js';
import { newEventId } from './newEventId.js';

/**
 * The embedded {@link Inbox}: it runs each handler in an in-memory transaction (that sessions of
 * an in-memory store join with `{ within: tx }`) and records the message id when it commits, so a
 * redelivered message is dropped. A concurrent duplicate waits for the first delivery and is
 * dropped if that one committed.
 *
 * @example
 * ```ts
 * const inbox = new InMemoryInbox();
 * await inbox.handleOnce('billing', event.id, (tx) => store.transaction((s) => s.invoices.add(invoice), { within: tx })); // true
 * await inbox.handleOnce('billing', event.id, async () => {}); // false: already handled
 * ```
 */
export class InMemoryInbox implements Inbox<MemoryTransaction> {
  private readonly handled = new Set<string>();
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /**
   * Tells whether `consumer` handled `messageId` (its transaction committed).
   *
   * @param consumer - The consumer's name.
   * @param messageId - The message's id.
   */
  has(consumer: string, messageId: string): boolean {
    return this.handled.has(key(consumer, messageId));
  }

  /**
   * Runs `handler` in a transaction and records `messageId` for `consumer` when it commits,
   * unless the consumer already handled it.
   *
   * @returns `true` when the handler ran and committed, `false` for a duplicate.
   * @throws {@link ValidationError} when `consumer` or `messageId` is empty; whatever `handler` threw
   * (nothing is recorded).
   */
  async handleOnce(
    consumer: string,
    messageId: string,
    handler: (tx: MemoryTransaction) => Promise<void>,
  ): Promise<boolean> {
    checkId('consumer', consumer, 'consumer');
    checkId('messageId', messageId);
    const k = key(consumer, messageId);
    for (let pending = this.inFlight.get(k); pending !== undefined; pending = this.inFlight.get(k)) {
      await pending.catch(() => undefined);
    }
    if (this.handled.has(k)) return false;
    const run = this.run(k, handler);
    this.inFlight.set(k, run);
    try {
      await run;
      return true;
    } finally {
      this.inFlight.delete(k);
    }
  }

  /**
   * Handles the messages in order, each in an in-memory transaction of its own (what a savepoint
   * is to `PostgresInbox.handleBatch`): a duplicate is skipped, a failing handler reports `failed`
   * with its writes undone, and its neighbours are handled regardless. A message id given twice is
   * handled once: the second copy shares the first one's outcome (`duplicate` once handled).
   *
   * @param consumer - The consumer's name.
   * @param messages - The message ids and their handlers, in handling order.
   * @returns One outcome per message, in the same order.
   * @throws {@link ValidationError} when `consumer` or a message id is empty (nothing is handled).
   *
   * @example
   * ```ts
   * const outcomes = await inbox.handleBatch('billing', [
   *   { messageId: first.id, handler: (tx) => store.transaction((s) => s.invoices.add(invoiceOf(first)), { within: tx }) },
   *   { messageId: second.id, handler: (tx) => store.transaction((s) => s.invoices.add(invoiceOf(second)), { within: tx }) },
   * ]);
   * ```
   */
  async handleBatch(
    consumer: string,
    messages: readonly InboxMessage<MemoryTransaction>[],
  ): Promise<readonly InboxOutcome[]> {
    checkId('consumer', consumer, 'consumer');
    messages.forEach((message, i) => {
      checkId(`messages.${i}.messageId`, message?.messageId);
    });
    // The outcome of each id's first copy, which later copies share (as in PostgresInbox).
    const decided = new Map<string, InboxOutcome>();
    const outcomes: InboxOutcome[] = [];
    for (const { messageId, handler } of messages) {
      const earlier = decided.get(messageId);
      if (earlier !== undefined) {
        outcomes.push(earlier);
        continue;
      }
      let outcome: InboxOutcome;
      try {
        outcome = { status: (await this.handleOnce(consumer, messageId, handler)) ? 'handled' : 'duplicate' };
      } catch (error) {
        outcome = { status: 'failed', error };
      }
      decided.set(messageId, outcome.status === 'handled' ? { status: 'duplicate' } : outcome);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private run(k: string, handler: (tx: MemoryTransaction) => Promise<void>): Promise<void> {
    return runMemoryTransaction(newEventId, async (tx) => {
      tx.stage({ apply: () => this.handled.add(k) });
      await handler(tx);
    });
  }
}

function checkId(field: string, value: unknown, kind: 'consumer' | 'messageId' = 'messageId'): void {
  const invalid = invalidInboxId('InMemoryInbox', field, value, kind);
  if (invalid !== undefined) throw invalid;
}

const key = (consumer: string, messageId: string): string => `${consumer}\u0000${messageId}`;
