import type { MessagePublisher, Observer, Outbox, OutboxCommand } from 'tactical-ddd';
import { OutboxRelay } from 'tactical-ddd/cqrs';

/** How committed events and commands reach the in-process subscribers and handlers. */
export interface EventDelivery {
  /** Delivers in the background. */
  start(): void;
  /** Stops the background delivery and waits for the round in progress. */
  stop(): Promise<void>;
  /** Delivers everything due now, including what the subscribers cause (for scripts and tests). */
  drain(): Promise<void>;
}

/**
 * The library's `OutboxRelay`: events to `publisher` (the bus), commands (the saga's and the
 * policy's) to `commands` (the command bus), at least once, in commit order, a failure retried
 * with its message, on every store. `PostgresOutbox` leases the due rows, delivers outside any
 * transaction and then marks them, so the subscribers and handlers may write to the same database
 * while it delivers, even on PGlite's one connection.
 */
export function relayDelivery(
  outbox: Outbox,
  publisher: MessagePublisher,
  commands: (command: OutboxCommand) => Promise<unknown>,
  pollIntervalMs: number,
  observer: Observer,
): EventDelivery {
  const relay = new OutboxRelay({ outbox, publisher, commands, pollIntervalMs, retryDelayMs: () => 200, observer });
  return {
    start: () => relay.start(),
    stop: () => relay.stop(),
    drain: async () => {
      await relay.drain();
    },
  };
}
