import type { DomainEvent, EventMetadata } from './DomainEvent.js';

/**
 * A command as the outbox keeps it: the plain message a `defineCommand` creator makes.
 *
 * @example
 * ```ts
 * const command: OutboxCommand = ShipOrder({ orderId });
 * ```
 */
export interface OutboxCommand {
  /** The command type (`'ShipOrder'`). */
  readonly type: string;
  /** The command's id: the outbox message id. */
  readonly id: string;
  /** Its validated payload. */
  readonly payload: unknown;
  /** Correlation and causation ids, trace context. */
  readonly metadata: EventMetadata;
}

/**
 * What an outbox message carries: an event to publish, or a command to send (both delivered
 * after the commit that added them, at least once).
 *
 * @example
 * ```ts
 * const describe = (entry: OutboxEntry) => (entry.kind === 'event' ? entry.event.type : entry.command.type);
 * ```
 */
export type OutboxEntry = (
  | { readonly kind: 'event'; readonly event: DomainEvent }
  | { readonly kind: 'command'; readonly command: OutboxCommand }
) & {
  /**
   * When a scheduled message falls due (ISO 8601; a session's `schedule` sets it): until then it
   * waits apart, invisible to relays and holding nothing back, and can be cancelled. Absent: the
   * message is due when its transaction commits.
   */
  readonly dueAt?: string;
};

/**
 * What every outbox row records besides its entry.
 *
 * @example
 * ```ts
 * const late = (row: OutboxRow) => row.attempts > 3;
 * ```
 */
export interface OutboxRow {
  /** The message id: the event's or the command's id. */
  readonly id: string;
  /** When the message was committed to the outbox (ISO 8601). */
  readonly enqueuedAt: string;
  /** How many publish attempts failed so far. */
  readonly attempts: number;
  /** The earliest time of the next attempt (ISO 8601). */
  readonly availableAt: string;
  /** When it was published (ISO 8601), once it was. */
  readonly publishedAt?: string;
  /** The last publish error's message, if an attempt failed. */
  readonly lastError?: string;
}

/**
 * One row of an {@link Outbox}: an event (`kind: 'event'`) or a command (`kind: 'command'`)
 * waiting to be delivered, or already delivered.
 *
 * `id` is the event's or command's id: delivery is at least once, so consumers deduplicate on it.
 *
 * @example
 * ```ts
 * for (const message of outbox.pending) console.log(message.kind, message.id, message.attempts, message.lastError);
 * ```
 */
export type OutboxMessage = OutboxRow & OutboxEntry;

/**
 * The options of {@link Outbox.publishPending}.
 *
 * @example
 * ```ts
 * await outbox.publishPending(publish, { limit: 50, retryDelayMs: (attempts) => 1000 * attempts });
 * ```
 */
export interface PublishPendingOptions {
  /** The largest number of messages to claim in this call (default 100). */
  readonly limit?: number;
  /** How long to wait before retrying a message whose publish failed, by attempts so far (ms). */
  readonly retryDelayMs?: (attempts: number) => number;
  /**
   * Sends the whole claimed batch at once, in order, resolving once every message was taken (a
   * broker's batch publish). When given, the outbox calls it instead of `publish` and marks the
   * batch published when it resolves; when it rejects, the outbox publishes the same messages one
   * at a time with `publish`, so that exactly the failing one is counted and holds back the rest
   * (messages the broker had already taken then go out twice: consumers deduplicate by id).
   */
  readonly publishBatch?: (messages: readonly OutboxMessage[]) => Promise<void>;
}

/**
 * What one call of {@link Outbox.publishPending} did.
 *
 * @example
 * ```ts
 * const { published, failure } = await outbox.publishPending(publish);
 * if (failure) logger.warn(failure.message.id, failure.error);
 * ```
 */
export interface PublishPendingResult {
  /** How many messages it published and marked published. */
  readonly published: number;
  /** The message whose publish failed (marked for a later retry), and the error; the call stops there. */
  readonly failure?: { readonly message: OutboxMessage; readonly error: unknown };
}

/**
 * The transactional outbox port: a store's sessions add events and commands in the same
 * transaction as the state that produced them, and a relay later publishes the committed ones, at least once, marking each
 * published. Messages are published in commit order: a message being published (claimed) or
 * waiting for a retry holds back every later one, so several relays take turns (each claim takes
 * the next messages in order, and at most one batch is in flight at a time) rather than publish in
 * parallel. A database adapter keeps them in a table (`ddd_outbox`) and claims a batch by leasing
 * its rows for a while in a short statement, publishes outside any transaction, then marks them;
 * a relay that crashes leaves its lease to expire, and the batch is published again (at least once).
 *
 * @example
 * ```ts
 * await store.transaction(async (s) => (await s.orders.get(orderId)).confirm()); // its events are now pending
 * await store.outbox?.publishPending(async (message) => {
 *   if (message.kind === 'event') await eventBus.publish(message.event);
 * });
 * ```
 */
export interface Outbox {
  /**
   * Claims the pending messages that are due, oldest first, and calls `publish` for each in turn
   * (or `options.publishBatch` once for all), marking each published when it resolves. When one
   * fails, it is marked for a retry after `retryDelayMs` and the call stops, so that later messages
   * never overtake it.
   *
   * @param publish - Sends one message on (to an event bus or a broker).
   * @param options - A batch limit, a retry delay, a batch publish.
   * @returns How many were published, and the failure if one failed.
   * @throws {@link ValidationError} when `limit` is not a positive integer.
   */
  publishPending(
    publish: (message: OutboxMessage) => Promise<void>,
    options?: PublishPendingOptions,
  ): Promise<PublishPendingResult>;
  /**
   * Calls `listener` whenever messages become pending (after a commit), so a relay can wake up
   * instead of polling; returns a function that stops it. Optional: adapters without
   * notifications omit it and relays poll.
   */
  watch?(listener: () => void): () => void;
  /**
   * Tells how long until the earliest scheduled message still waiting falls due, so a relay can
   * sleep until then instead of polling; optional: a relay without it polls.
   *
   * @returns Milliseconds by the outbox's clock (0 when one is due now), or `undefined` when none waits.
   */
  nextDueIn?(): Promise<number | undefined>;
}
