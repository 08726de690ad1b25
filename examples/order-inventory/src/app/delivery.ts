import type { DomainEvent, MessagePublisher, Outbox } from 'tactical-ddd';
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
 * failed subscriber retried with its event. Used in memory and on a PostgreSQL server.
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

/**
 * For PGlite. `PostgresOutbox.publishPending` publishes inside its claiming transaction, and
 * PGlite has one connection: a subscriber that writes to the same database (the saga, the
 * projection) would wait on that transaction. So the relay here only collects the events, and
 * they are delivered once its transaction has committed. The price: a crash between that commit
 * and the delivery loses the delivery (at most once). See README, "Switching stores".
 */
export function afterCommitDelivery(
  outbox: Outbox,
  publisher: MessagePublisher,
  pollIntervalMs: number,
): EventDelivery {
  const collected: DomainEvent[] = [];
  const relay = new OutboxRelay({
    outbox,
    publisher: {
      publish: async (event) => {
        collected.push(event);
      },
    },
  });
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;

  const round = async (): Promise<void> => {
    for (;;) {
      const published = await relay.drain();
      const batch = collected.splice(0);
      for (const event of batch) await publisher.publish(event);
      if (published === 0 && batch.length === 0) return;
    }
  };
  const drain = (): Promise<void> => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = (): void => {
    if (!started) return;
    drain()
      .catch((error: unknown) => console.error('Event delivery failed', error))
      .finally(() => {
        if (started) timer = setTimeout(tick, pollIntervalMs);
      });
  };
  return {
    start: () => {
      if (started) return;
      started = true;
      tick();
    },
    stop: async () => {
      started = false;
      if (timer !== undefined) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
    drain,
  };
}
