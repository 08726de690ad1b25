import type { MessagePublisher, Outbox } from 'tactical-ddd';
import { OutboxRelay } from 'tactical-ddd/cqrs';

/** How committed events reach the in-process subscribers (projection, saga, policies). */
export interface EventDelivery {
  /** Delivers in the background. */
  start(): void;
  /** Stops the background delivery and waits for the round in progress. */
  stop(): Promise<void>;
  /** Delivers everything due now, including what the subscribers cause (for scripts and tests). */
  drain(): Promise<void>;
}

/**
 * The library's `OutboxRelay` publishing straight to the bus: at least once, in commit order, a
 * failed subscriber retried with its event, on every store. `PostgresOutbox` leases the due rows,
 * publishes outside any transaction and then marks them, so the subscribers (the saga, the
 * projection) may write to the same database while it publishes, even on PGlite's one connection.
 */
export function relayDelivery(outbox: Outbox, publisher: MessagePublisher, pollIntervalMs: number): EventDelivery {
  const relay = new OutboxRelay({ outbox, publisher, pollIntervalMs, retryDelayMs: () => 200 });
  return {
    start: () => relay.start(),
    stop: () => relay.stop(),
    drain: async () => {
      await relay.drain();
    },
  };
}
