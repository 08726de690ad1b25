import { addEntryMetadata } from '../core/addMetadata.js';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import type { Observer } from '../core/Observer.js';
import type { Outbox, OutboxCommand, OutboxMessage } from '../core/Outbox.js';
import { observe, observeEach } from '../core/observe.js';
import { ValidationError } from '../core/ValidationError.js';
import { guardHook } from './guardHook.js';
import { clearTimer, setTimer } from './timers.js';

/**
 * A message the relay could not publish, and why; it stays pending and is retried later.
 *
 * @example
 * ```ts
 * new OutboxRelay({ outbox, publisher, onError: (failure: RelayFailure) => logger.warn(failure.message?.id, failure.error) });
 * ```
 */
export interface RelayFailure {
  /** The message whose publish failed; absent when reading the outbox itself failed. */
  readonly message?: OutboxMessage;
  readonly error: unknown;
}

/**
 * The options of an {@link OutboxRelay}.
 *
 * @example
 * ```ts
 * const relay = new OutboxRelay({ outbox, publisher: eventBus, batchSize: 50, pollIntervalMs: 500 });
 * ```
 */
export interface OutboxRelayOptions {
  /** Where the committed events wait. */
  readonly outbox: Outbox;
  /** Where they go: an `EventBus`, or a broker adapter. */
  readonly publisher: MessagePublisher;
  /**
   * Delivers the outbox's commands (messages of kind `'command'`), such as a process manager's:
   * `(command) => commandBus.dispatch(command)` in process. Default: the publisher's `send`, if it
   * has one; without either, a command fails (and is retried) with a `ValidationError`.
   */
  readonly commands?: (command: OutboxCommand) => Promise<unknown>;
  /** How many messages to claim per round (default 100). */
  readonly batchSize?: number;
  /** How long a failed message waits before its next attempt, by attempts so far (ms). */
  readonly retryDelayMs?: (attempts: number) => number;
  /**
   * How often `start` polls when the outbox cannot `watch` or a retry is due (default 1000 ms); it
   * sleeps less when the outbox tells that a scheduled message falls due sooner (`nextDueIn`).
   */
  readonly pollIntervalMs?: number;
  /**
   * Receives each failure while running in the background (`start`). Default: `console.error`,
   * so that no failure goes unseen. `drain` rejects with the error instead. A hook that throws (or
   * rejects) is reported to `console.error` and the relay keeps running.
   */
  readonly onError?: (failure: RelayFailure) => void;
  /**
   * Observes each delivery (its `relay` hook), such as the observer `tactical-ddd/opentelemetry`
   * makes: the observation's metadata goes with the message (replacing its trace context).
   */
  readonly observer?: Observer;
}

interface ConsoleLike {
  error(...data: unknown[]): void;
}

/**
 * Moves committed events from an {@link "tactical-ddd".Outbox | Outbox} to a {@link "tactical-ddd".MessagePublisher | MessagePublisher} (the `EventBus`
 * in process, or a broker): in commit order, at least once, marking each published; a failed
 * message is retried after a backoff and holds back the ones after it. Scheduled messages (a
 * session's `schedule`, a process's deadlines) go out when due: between rounds `start()` sleeps
 * until the earliest of them, or `pollIntervalMs`, whichever comes first. When the publisher has
 * `publishBatch` (the RabbitMQ and Redis adapters do), each claimed batch goes out in one call
 * that waits for the broker's confirms once, instead of one round trip per message. `drain()` publishes
 * everything due now (handy in tests and after a request); `start()` keeps doing it in the
 * background, woken by the outbox after each commit when it can `watch`, else by polling.
 *
 * Events reach subscribers only after the unit of work that stored them committed, and never
 * when it rolled back.
 *
 * @example
 * ```ts
 * const relay = new OutboxRelay({ outbox, publisher: eventBus, onError: (f) => logger.error(f) });
 * relay.start();
 * // ... on shutdown:
 * await relay.stop();
 * ```
 */
export class OutboxRelay {
  private readonly outbox: Outbox;
  private readonly publisher: MessagePublisher;
  private readonly batchSize: number;
  private readonly retryDelayMs: ((attempts: number) => number) | undefined;
  private readonly pollIntervalMs: number;
  private readonly onError: (failure: RelayFailure) => void;
  private readonly commands: ((command: OutboxCommand) => Promise<unknown>) | undefined;
  private readonly publishBatch: ((messages: readonly OutboxMessage[]) => Promise<void>) | undefined;
  private readonly observe: ((message: OutboxMessage) => ReturnType<NonNullable<Observer['relay']>>) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;
  private unwatch: (() => void) | undefined;
  private started = false;
  private sleepMs: number;

  /**
   * @param options - The outbox, the publisher, batching, retry and polling settings, a failure hook.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `batchSize` or `pollIntervalMs` is not a positive integer.
   */
  constructor(options: OutboxRelayOptions) {
    this.outbox = options.outbox;
    this.publisher = options.publisher;
    this.batchSize = positive('batchSize', options.batchSize ?? 100);
    this.pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 1000);
    this.sleepMs = this.pollIntervalMs;
    this.retryDelayMs = options.retryDelayMs;
    this.commands = options.commands ?? this.publisher.send?.bind(this.publisher);
    this.observe = options.observer?.relay?.bind(options.observer);
    const batch = this.publisher.publishBatch?.bind(this.publisher);
    const observed = this.observe;
    // A batch with commands goes one message at a time (the outbox falls back on this rejection):
    // checked before observing, so that the fallback alone is traced.
    this.publishBatch =
      batch &&
      ((messages) => {
        if (!messages.every((message) => message.kind === 'event')) {
          return Promise.reject(new Error('a batch with commands is delivered one message at a time'));
        }
        const publish = (events: readonly OutboxMessage[]) =>
          batch(events.map((message) => (message as OutboxMessage & { kind: 'event' }).event));
        if (observed === undefined) return publish(messages);
        return observeEach('OutboxRelay', messages, observed, (metadata) =>
          publish(
            messages.map((message, i) => {
              const extra = metadata[i];
              return extra === undefined ? message : addEntryMetadata(message, extra);
            }),
          ),
        );
      });
    this.onError = guardHook(
      'OutboxRelay',
      options.onError ??
        ((failure) =>
          (globalThis as unknown as { console: ConsoleLike }).console.error(
            failure.message === undefined
              ? 'OutboxRelay: reading the outbox failed'
              : `OutboxRelay: delivering ${typeOf(failure.message)} ${failure.message.id} failed`,
            failure.error,
          )),
    );
  }

  /**
   * Publishes every message due now, including those that become pending while it runs (events
   * raised by subscribers), and resolves with how many it published.
   *
   * @returns The number of messages published.
   * @throws whatever the publisher threw for the first message that failed (it stays pending).
   */
  async drain(): Promise<number> {
    const { published, failure } = await this.relay();
    if (failure !== undefined) throw failure.error;
    return published;
  }

  /** Starts relaying in the background, woken after each commit and by polling. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unwatch = this.outbox.watch?.(() => this.wake());
    this.wake();
  }

  /** Stops the background relaying and waits for the round in progress. */
  async stop(): Promise<void> {
    this.started = false;
    this.unwatch?.();
    this.unwatch = undefined;
    if (this.timer !== undefined) clearTimer(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private wake(): void {
    if (!this.started) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) clearTimer(this.timer);
    this.timer = undefined;
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (!this.started) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.timer = setTimer(() => {
          this.timer = undefined;
          this.wake();
        }, this.sleepMs);
      }
    });
  }

  /** Runs one round, then works out how long to sleep: until the next scheduled message is due, at most `pollIntervalMs`. */
  private async round(): Promise<void> {
    this.sleepMs = this.pollIntervalMs;
    try {
      const { failure } = await this.relay();
      if (failure !== undefined) {
        this.onError(failure);
        return;
      }
      const dueIn = await this.outbox.nextDueIn?.();
      // A round makes every due message visible, so `dueIn` is normally in the future; should the
      // clocks disagree, never wake sooner than 10 ms, so that the relay cannot spin.
      if (dueIn !== undefined && dueIn < this.pollIntervalMs) this.sleepMs = Math.max(10, Math.ceil(dueIn));
    } catch (error) {
      this.onError({ error });
    }
  }

  private deliver(message: OutboxMessage): Promise<void> {
    const observed = this.observe;
    if (observed === undefined) return this.send(message);
    return observe(
      'OutboxRelay',
      () => observed(message),
      (extra) => this.send(extra === undefined ? message : addEntryMetadata(message, extra)),
      () => undefined,
    );
  }

  private send(message: OutboxMessage): Promise<void> {
    if (message.kind === 'event') return this.publisher.publish(message.event);
    if (this.commands === undefined) {
      return Promise.reject(
        ValidationError.of(
          'OutboxRelay',
          'commands',
          'no_command_sender',
          `cannot deliver command ${message.command.type}: give the relay a commands sender or a publisher that can send`,
        ),
      );
    }
    return this.commands(message.command).then(() => undefined);
  }

  private async relay(): Promise<{ published: number; failure?: RelayFailure }> {
    let published = 0;
    for (;;) {
      const result = await this.outbox.publishPending((message) => this.deliver(message), {
        limit: this.batchSize,
        ...(this.retryDelayMs === undefined ? {} : { retryDelayMs: this.retryDelayMs }),
        ...(this.publishBatch === undefined ? {} : { publishBatch: this.publishBatch }),
      });
      published += result.published;
      if (result.failure !== undefined) return { published, failure: result.failure };
      if (result.published === 0) return { published };
    }
  }
}

const typeOf = (message: OutboxMessage): string =>
  message.kind === 'event' ? message.event.type : message.command.type;

function positive(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw ValidationError.of('OutboxRelayOptions', field, 'too_small', `${field} must be a positive integer`);
  }
  return value;
}
