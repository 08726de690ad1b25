import { type Clock, systemClock } from './Clock.js';
import type { MemoryTransaction } from './MemoryTransaction.js';
import type { Outbox, OutboxEntry, OutboxMessage, PublishPendingOptions, PublishPendingResult } from './Outbox.js';
import { batchLimit, defaultRetryDelayMs, errorText, publishInOrder } from './publishInOrder.js';
import { ValidationError } from './ValidationError.js';

/**
 * The options of an {@link InMemoryOutbox}.
 *
 * @example
 * ```ts
 * const outbox = new InMemoryOutbox({ clock: fixedClock, keepPublished: 100 });
 * ```
 */
export interface InMemoryOutboxOptions {
  /** Stamps `enqueuedAt`, `availableAt` and `publishedAt` (default {@link systemClock}). */
  readonly clock?: Clock;
  /**
   * How many published messages to keep for inspection in `messages` (default 1,000; up to about
   * twice as many are kept between clean-ups): older ones are dropped, so a long-running outbox neither grows without bound nor slows down.
   */
  readonly keepPublished?: number;
}

/**
 * The embedded {@link Outbox} of the in-memory store: messages added by a session become pending
 * when it commits and never exist when it rolls back; `publishPending` delivers them in order, at
 * least once (in one batch when given `publishBatch`), and marks them published (or failed, for a
 * later retry with backoff). Concurrent calls never claim the same message, and take turns in order.
 *
 * @example
 * ```ts
 * const store = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } });
 * await store.orders.save(order); // state and outbox rows together
 * await store.outbox?.publishPending(async (message) => {
 *   if (message.kind === 'event') await eventBus.publish(message.event);
 * });
 * ```
 */
export class InMemoryOutbox implements Outbox {
  private rows: OutboxMessage[] = [];
  /** Index of the first row not yet published: every row before it is published. */
  private head = 0;
  private readonly ids = new Set<string>();
  private readonly claimed = new Set<string>();
  /** Scheduled messages waiting for their due time, by id (in the order they were committed). */
  private readonly waiting = new Map<string, OutboxMessage>();
  /** The earliest due time of the waiting messages (ISO 8601), so a claim looks at them only when one is due. */
  private earliestDue: string | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly clock: Clock;
  private readonly keepPublished: number;

  /** @param options - A clock, and how many published messages to keep. */
  constructor(options: InMemoryOutboxOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const keep = options.keepPublished ?? 1000;
    if (!Number.isSafeInteger(keep) || keep < 0) {
      throw ValidationError.of(
        'InMemoryOutboxOptions',
        'keepPublished',
        'invalid_count',
        'keepPublished must be a non-negative integer',
      );
    }
    this.keepPublished = keep;
  }

  /** Every message kept, published or not, in commit order. */
  get messages(): readonly OutboxMessage[] {
    return [...this.rows];
  }

  /** The messages not yet published, in commit order (scheduled ones once they fell due). */
  get pending(): readonly OutboxMessage[] {
    return this.rows.slice(this.head).filter((row) => row.publishedAt === undefined);
  }

  /** The scheduled messages still waiting for their due time, earliest first. */
  get scheduled(): readonly OutboxMessage[] {
    return [...this.waiting.values()].sort(byDueTime);
  }

  /**
   * Stages entries in a session's transaction: they become pending when it commits. An id
   * already in the outbox (or staged twice) is ignored. @internal
   */
  stage(tx: MemoryTransaction, entries: readonly OutboxEntry[]): void {
    const staged: OutboxEntry[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      const id = entry.kind === 'event' ? entry.event.id : entry.command.id;
      if (seen.has(id)) continue;
      seen.add(id);
      staged.push(entry);
    }
    tx.stage({ apply: () => this.commitRows(staged) });
  }

  /**
   * Stages the cancellation of scheduled messages in a session's transaction: those still waiting
   * when it commits are dropped (their ids may be used again); others are left alone. @internal
   */
  cancel(tx: MemoryTransaction, ids: readonly string[]): void {
    tx.stage({
      apply: () => {
        let dropped = false;
        for (const id of ids) {
          if (!this.waiting.delete(id)) continue;
          this.ids.delete(id);
          dropped = true;
        }
        if (dropped) this.earliestDue = earliest(this.waiting.values());
      },
    });
  }

  async nextDueIn(): Promise<number | undefined> {
    if (this.earliestDue === undefined) return undefined;
    return Math.max(0, Date.parse(this.earliestDue) - this.clock.now().getTime());
  }

  async publishPending(
    publish: (message: OutboxMessage) => Promise<void>,
    options: PublishPendingOptions = {},
  ): Promise<PublishPendingResult> {
    const limit = batchLimit(options);
    const now = this.clock.now().toISOString();
    this.releaseDue(now);
    const batch: number[] = [];
    for (let i = this.head; i < this.rows.length && batch.length < limit; i++) {
      const row = this.rows[i] as OutboxMessage;
      if (row.publishedAt !== undefined) continue;
      // Keep order: a message being published or not yet due holds back every later one.
      if (this.claimed.has(row.id) || row.availableAt > now) break;
      batch.push(i);
    }
    const messages = batch.map((index) => this.rows[index] as OutboxMessage);
    for (const message of messages) this.claimed.add(message.id);
    try {
      // Rows only move when no claim is in flight (see `compact`), so the indices stay right.
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
      for (const message of messages) this.claimed.delete(message.id);
      if (this.claimed.size === 0) this.compact();
    }
  }

  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves `head` past the published rows and drops the oldest published ones beyond `keepPublished`. */
  private compact(): void {
    while (this.head < this.rows.length && (this.rows[this.head] as OutboxMessage).publishedAt !== undefined)
      this.head++;
    const excess = this.head - this.keepPublished;
    // Drop in chunks, so that compacting costs nothing per call on average.
    if (excess <= 0 || excess < Math.min(this.keepPublished, 1024)) return;
    for (const row of this.rows.slice(0, excess)) this.ids.delete(row.id);
    this.rows = this.rows.slice(excess);
    this.head -= excess;
  }

  /** Moves the scheduled messages due by `now` to the end of the commit order, earliest first. */
  private releaseDue(now: string): void {
    if (this.earliestDue === undefined || this.earliestDue > now) return;
    const due = [...this.waiting.values()].filter((message) => message.availableAt <= now).sort(byDueTime);
    for (const message of due) {
      this.waiting.delete(message.id);
      this.rows.push(message);
    }
    this.earliestDue = earliest(this.waiting.values());
  }

  private commitRows(entries: readonly OutboxEntry[]): void {
    const now = this.clock.now().toISOString();
    let added = 0;
    for (const entry of entries) {
      const id = entry.kind === 'event' ? entry.event.id : entry.command.id;
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      if (entry.dueAt === undefined) {
        this.rows.push(Object.freeze({ id, ...entry, enqueuedAt: now, attempts: 0, availableAt: now }));
      } else {
        // Not yet due: it waits apart, holding back nothing, until `releaseDue` moves it.
        this.waiting.set(id, Object.freeze({ id, ...entry, enqueuedAt: now, attempts: 0, availableAt: entry.dueAt }));
        if (this.earliestDue === undefined || entry.dueAt < this.earliestDue) this.earliestDue = entry.dueAt;
      }
      added++;
    }
    // After the commit step, so that a listener's error cannot break it.
    if (added > 0) for (const listener of [...this.listeners]) void Promise.resolve().then(listener);
  }
}

const byDueTime = (a: OutboxMessage, b: OutboxMessage): number =>
  a.availableAt < b.availableAt ? -1 : a.availableAt > b.availableAt ? 1 : 0;

/** The earliest due time of `messages`, if any. */
function earliest(messages: Iterable<OutboxMessage>): string | undefined {
  let found: string | undefined;
  for (const message of messages) if (found === undefined || message.availableAt < found) found = message.availableAt;
  return found;
}
