import { type Clock, systemClock } from './Clock.js';
import type { DomainEvent } from './DomainEvent.js';
import { InMemoryTransaction } from './InMemoryTransaction.js';
import { newEventId } from './newEventId.js';
import type { Outbox, OutboxMessage, PublishPendingOptions, PublishPendingResult } from './Outbox.js';
import { batchLimit, defaultRetryDelayMs, errorText, publishInOrder } from './publishInOrder.js';
import type { Transaction, TransactionParticipant } from './Transaction.js';

/**
 * The options of an {@link InMemoryOutbox}.
 *
 * @example
 * ```ts
 * const outbox = new InMemoryOutbox({ clock: fixedClock });
 * ```
 */
export interface InMemoryOutboxOptions {
  /** Stamps `enqueuedAt`, `availableAt` and `publishedAt` (default {@link systemClock}). */
  readonly clock?: Clock;
}

/**
 * The embedded {@link Outbox}: events added in a transaction become pending when it commits and
 * vanish when it rolls back; `publishPending` publishes them in order, at least once (in one
 * batch when given `publishBatch`), and marks them published (or failed, for a later retry with
 * backoff). Concurrent calls never claim the same message, and take turns in order.
 *
 * @example
 * ```ts
 * const outbox = new InMemoryOutbox();
 * const orders = new InMemoryRepository<Order>({ name: 'Order', outbox });
 * await orders.save(order); // state and outbox rows together
 * await outbox.publishPending((message) => eventBus.publish(message.event));
 * ```
 */
export class InMemoryOutbox implements Outbox {
  private readonly rows: OutboxMessage[] = [];
  private readonly ids = new Set<string>();
  private readonly claimed = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly clock: Clock;

  /** @param options - A clock. */
  constructor(options: InMemoryOutboxOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Every message, published or not, in the order they were committed. */
  get messages(): readonly OutboxMessage[] {
    return [...this.rows];
  }

  /** The messages not yet published, in order. */
  get pending(): readonly OutboxMessage[] {
    return this.rows.filter((row) => row.publishedAt === undefined);
  }

  async add(events: readonly DomainEvent[], tx?: Transaction): Promise<void> {
    if (tx === undefined) {
      const own = new InMemoryTransaction(newEventId(), {});
      this.stage(own, events);
      await own.commit();
      return;
    }
    this.stage(tx, events);
  }

  /**
   * Claims the due messages, oldest first, and publishes them in order (all at once with
   * `options.publishBatch` when given), marking the published ones; the first failure is counted
   * and retried after `retryDelayMs`, and holds back the messages after it. A message another call
   * is publishing holds back the later ones too, so concurrent calls take turns in order.
   *
   * @param publish - Sends one message on.
   * @param options - The batch size, the retry delay, a batch publish.
   * @returns How many were published, and the failure if one failed.
   * @throws {@link ValidationError} when `limit` is not a positive integer.
   */
  async publishPending(
    publish: (message: OutboxMessage) => Promise<void>,
    options: PublishPendingOptions = {},
  ): Promise<PublishPendingResult> {
    const limit = batchLimit(options);
    const now = this.clock.now().toISOString();
    const batch: number[] = [];
    for (let i = 0; i < this.rows.length && batch.length < limit; i++) {
      const row = this.rows[i] as OutboxMessage;
      if (row.publishedAt !== undefined) continue;
      // Keep order: a message being published or not yet due holds back every later one.
      if (this.claimed.has(row.id) || row.availableAt > now) break;
      batch.push(i);
    }
    for (const index of batch) this.claimed.add((this.rows[index] as OutboxMessage).id);
    try {
      const messages = batch.map((index) => this.rows[index] as OutboxMessage);
      const { published, failed } = await publishInOrder(messages, publish, options.publishBatch);
      const at = this.clock.now();
      for (const index of batch.slice(0, published)) {
        this.rows[index] = Object.freeze({ ...(this.rows[index] as OutboxMessage), publishedAt: at.toISOString() });
      }
      if (failed === undefined) return { published };
      const index = batch[published] as number;
      const row = this.rows[index] as OutboxMessage;
      const attempts = row.attempts + 1;
      const delay = (options.retryDelayMs ?? defaultRetryDelayMs)(attempts);
      const message: OutboxMessage = Object.freeze({
        ...row,
        attempts,
        availableAt: new Date(at.getTime() + delay).toISOString(),
        lastError: errorText(failed.error),
      });
      this.rows[index] = message;
      return { published, failure: { message, error: failed.error } };
    } finally {
      for (const index of batch) this.claimed.delete((this.rows[index] as OutboxMessage).id);
    }
  }

  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stage(tx: Transaction, events: readonly DomainEvent[]): void {
    const participant = tx.enlist(this, () => new OutboxStaging(this.ids, this.commitRows));
    participant.add(events);
  }

  private readonly commitRows = (events: readonly DomainEvent[]): void => {
    const now = this.clock.now().toISOString();
    let added = 0;
    for (const event of events) {
      if (this.ids.has(event.id)) continue;
      this.ids.add(event.id);
      this.rows.push(Object.freeze({ id: event.id, event, enqueuedAt: now, attempts: 0, availableAt: now }));
      added++;
    }
    // After the commit step, so that a listener's error cannot break it.
    if (added > 0) for (const listener of [...this.listeners]) void Promise.resolve().then(listener);
  };
}

/** The events an outbox staged in one transaction. */
class OutboxStaging implements TransactionParticipant {
  private staged: DomainEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly committed: ReadonlySet<string>,
    private readonly commitRows: (events: readonly DomainEvent[]) => void,
  ) {}

  add(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (this.seen.has(event.id) || this.committed.has(event.id)) continue;
      this.seen.add(event.id);
      this.staged.push(event);
    }
  }

  apply(): void {
    this.commitRows(this.staged);
    this.staged = [];
  }

  discard(): void {
    this.staged = [];
  }
}
