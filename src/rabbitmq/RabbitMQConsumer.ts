import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import {
  type ConsumerFailure,
  checkDeliveryOptions,
  consumerHook,
  type DeliveryOptions,
  type DeliveryOutcome,
  handleDeliveries,
  handleDelivery,
} from '../cqrs/handleDelivery.js';
import { sleep } from '../cqrs/timers.js';
import { AmqpLink } from './AmqpLink.js';
import { attemptsOf, failedCopy } from './failedCopy.js';
import { confirmed, nonEmpty } from './RabbitMQPublisher.js';

/**
 * The options of a {@link RabbitMQConsumer}: the shared {@link "tactical-ddd/cqrs".DeliveryOptions | DeliveryOptions}
 * (consumer name, inbox, handler, decode, maxAttempts) plus the broker's topology.
 *
 * @example
 * ```ts
 * const options: RabbitMQConsumerOptions<DomainEvent, SqlClient> = {
 *   url: 'amqp://guest:guest@127.0.0.1:5672',
 *   exchange: 'orders',
 *   queue: 'billing.orders',
 *   bindingKeys: ['OrderPlaced', 'OrderCancelled'],
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   handler: async (event, tx) => {},
 * };
 * ```
 */
export interface RabbitMQConsumerOptions<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown>
  extends DeliveryOptions<TEvent, TTransaction> {
  /** The broker's AMQP URL. */
  readonly url: string;
  /** The durable topic exchange the events are published to (declared if missing). */
  readonly exchange: string;
  /** The durable queue this consumer reads (declared and bound if missing). */
  readonly queue: string;
  /** The routing keys (event types, `*` and `#` wildcards) bound to the queue; default `['#']`: every event. */
  readonly bindingKeys?: readonly string[];
  /**
   * How many unacknowledged messages the broker sends at once (default 100: with the default
   * `inboxBatchSize`, five inbox transactions at once); they are handled concurrently, so use 1 to
   * handle them one at a time, in queue order.
   */
  readonly prefetch?: number;
  /**
   * How many deliveries share one inbox transaction when the inbox has `handleBatch` (default 20;
   * 1: a transaction per message). A full batch starts at once; fewer deliveries start together
   * when at most one inbox transaction is running, and otherwise wait for one to end, gathering
   * the deliveries that arrive meanwhile (a group commit: one transaction for many messages under
   * load, no wait when idle). A failing handler does not fail its neighbours (the batch runs again
   * with a savepoint per message), and all are acknowledged after the commit. At most `prefetch`
   * messages are in hand.
   */
  readonly inboxBatchSize?: number;
  /** How long a failed message waits in `<queue>.retry` before its next attempt (default 1000 ms; 0: at once). */
  readonly retryDelayMs?: number;
  /** The queue of dead messages (default `<queue>.dead-letter`). */
  readonly deadLetterQueue?: string;
  /** How long to wait between reconnection attempts (default 1000 ms). */
  readonly reconnectDelayMs?: number;
  /**
   * Receives each retry, dead letter and lost connection. Default: `console.error`. A hook that
   * throws (or rejects) is reported to `console.error` and the consumer keeps running.
   */
  readonly onError?: (failure: ConsumerFailure) => void;
}

/** A batch short of `inboxBatchSize` starts only while fewer inbox transactions than this run. */
const PARTIAL_BELOW = 2;

/**
 * Consumes events from a RabbitMQ queue bound to a topic exchange and hands each to its handler
 * through an {@link "tactical-ddd".Inbox | Inbox}, acknowledging the message only after the
 * handler and its inbox row committed: a redelivered message (a relay that published twice, a
 * consumer that died before its ack) is dropped by the inbox. A failing handler is retried after
 * `retryDelayMs` (through a `<queue>.retry` queue with a per-message TTL), counting attempts in the
 * `x-attempts` header; after `maxAttempts`, and at once for a message that is not a valid envelope,
 * the message goes to the dead-letter queue with its error in the headers (`x-error`,
 * `x-error-name`, `x-attempts`, `x-dead-letter-reason`, `x-consumer`, `x-original-routing-key`). A lost connection (a broker
 * restart) is reopened every `reconnectDelayMs` until it succeeds; unacknowledged messages come back.
 *
 * @example
 * ```ts
 * const consumer = new RabbitMQConsumer({
 *   url: 'amqp://guest:guest@127.0.0.1:5672',
 *   exchange: 'orders',
 *   queue: 'billing.orders',
 *   bindingKeys: ['OrderPlaced'],
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   decode: (event) => OrderPlaced.parse(event),
 *   handler: async (event, tx) => {
 *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
 *   },
 * });
 * await consumer.start();
 * // … on shutdown:
 * await consumer.stop();
 * ```
 */
export class RabbitMQConsumer<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  private readonly options: RabbitMQConsumerOptions<TEvent, TTransaction>;
  private readonly queue: string;
  private readonly retryQueue: string;
  private readonly deadLetterQueue: string;
  private readonly retryDelayMs: number;
  private readonly reconnectDelayMs: number;
  private readonly onError: (failure: ConsumerFailure) => void;
  private readonly link: AmqpLink;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inboxBatchSize: number;
  /** Deliveries waiting for the next inbox batch. */
  private pending: { channel: ConfirmChannel; message: ConsumeMessage }[] = [];
  private flushQueued = false;
  private running = false;
  private consumerTag: { channel: ConfirmChannel; tag: string } | undefined;
  private reconnecting: Promise<void> | undefined;

  /**
   * @param options - The broker, the topology, the inbox and the handler.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the option that is empty or not a valid number.
   */
  constructor(options: RabbitMQConsumerOptions<TEvent, TTransaction>) {
    const subject = 'RabbitMQConsumerOptions';
    checkDeliveryOptions(subject, options);
    nonEmpty(subject, 'url', options.url);
    nonEmpty(subject, 'exchange', options.exchange);
    this.queue = nonEmpty(subject, 'queue', options.queue);
    this.options = options;
    this.retryQueue = `${this.queue}.retry`;
    this.deadLetterQueue = nonEmpty(subject, 'deadLetterQueue', options.deadLetterQueue ?? `${this.queue}.dead-letter`);
    this.retryDelayMs = count(subject, 'retryDelayMs', options.retryDelayMs ?? 1000, 0);
    this.reconnectDelayMs = count(subject, 'reconnectDelayMs', options.reconnectDelayMs ?? 1000, 1);
    const prefetch = count(subject, 'prefetch', options.prefetch ?? 100, 1);
    const inboxBatchSize = count(subject, 'inboxBatchSize', options.inboxBatchSize ?? 20, 1);
    this.inboxBatchSize = options.inbox.handleBatch === undefined ? 1 : inboxBatchSize;
    const bindingKeys = options.bindingKeys ?? ['#'];
    this.onError = consumerHook('RabbitMQConsumer', options.consumer, options.onError);
    this.link = new AmqpLink(
      options.url,
      async (channel) => {
        await channel.assertExchange(options.exchange, 'topic', { durable: true });
        await channel.assertQueue(this.queue, { durable: true });
        for (const key of bindingKeys) await channel.bindQueue(this.queue, options.exchange, key);
        await channel.assertQueue(this.deadLetterQueue, { durable: true });
        await channel.assertQueue(this.retryQueue, {
          durable: true,
          arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': this.queue },
        });
        await channel.prefetch(prefetch);
        if (!this.running) return;
        const { consumerTag } = await channel.consume(this.queue, (message) => this.receive(channel, message), {
          noAck: false,
        });
        this.consumerTag = { channel, tag: consumerTag };
      },
      (error) => this.lost(error),
    );
  }

  /**
   * Declares the topology and starts consuming.
   *
   * @throws the connection error when the broker cannot be reached now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.link.channel();
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  /** Stops consuming, waits for the messages being handled (and their acks), and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    const consumer = this.consumerTag;
    this.consumerTag = undefined;
    if (consumer !== undefined) await consumer.channel.cancel(consumer.tag).catch(() => undefined);
    this.flush(true);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.reconnecting;
    await this.link.close();
  }

  private receive(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (its queue was deleted): reconnect to declare it again.
      this.lost(new Error(`RabbitMQ cancelled the consumer of ${this.queue}`));
      return;
    }
    if (this.inboxBatchSize === 1) {
      this.track(this.process(channel, message));
      return;
    }
    // The deliveries of one turn of the event loop (those of one read of the socket) go together,
    // a full batch at once.
    this.pending.push({ channel, message });
    if (this.pending.length >= this.inboxBatchSize) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  /**
   * Starts handling the waiting deliveries, `inboxBatchSize` at a time: every full batch, and the
   * rest while fewer than two transactions run (or `all`, when stopping). The end of a
   * transaction calls it again for what waited.
   */
  private flush(all = false): void {
    while (
      this.pending.length >= this.inboxBatchSize ||
      (this.pending.length > 0 && (all || this.inFlight.size < PARTIAL_BELOW))
    ) {
      const batch = this.pending.splice(0, this.inboxBatchSize);
      const only = batch.length === 1 ? batch[0] : undefined;
      // A lone delivery needs no savepoint: it gets a transaction of its own.
      this.track(only === undefined ? this.processBatch(batch) : this.process(only.channel, only.message));
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.onError({ status: 'connection', error }));
    this.inFlight.add(tracked);
    void tracked.finally(() => {
      this.inFlight.delete(tracked);
      if (this.pending.length > 0) this.flush(!this.running);
    });
  }

  private async process(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const attempts = attemptsOf(message);
    await this.settle(channel, message, attempts, await handleDelivery(message.content, attempts, this.options));
  }

  private async processBatch(batch: readonly { channel: ConfirmChannel; message: ConsumeMessage }[]): Promise<void> {
    const attempts = batch.map(({ message }) => attemptsOf(message));
    const outcomes = await handleDeliveries(
      batch.map(({ message }, i) => ({ body: message.content, attempts: attempts[i] as number })),
      this.options,
    );
    const errors: unknown[] = [];
    for (let i = 0; i < batch.length; i++) {
      const { channel, message } = batch[i] as (typeof batch)[number];
      // One message's failed ack (its channel closed) must not leave the others unacknowledged.
      await this.settle(channel, message, attempts[i] as number, outcomes[i] as DeliveryOutcome).catch(
        (error: unknown) => {
          errors.push(error);
        },
      );
    }
    if (errors.length > 0) throw errors[0];
  }

  /** Acknowledges a handled message; moves a failed one to the retry or dead-letter queue first. */
  private async settle(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    attempts: number,
    outcome: DeliveryOutcome,
  ): Promise<void> {
    if (outcome.status === 'retry' || outcome.status === 'dead_letter') {
      this.onError({ status: outcome.status, attempts, error: outcome.error, ...eventOf(outcome) });
      const retry = outcome.status === 'retry';
      const target = retry ? (this.retryDelayMs > 0 ? this.retryQueue : this.queue) : this.deadLetterQueue;
      const expiration = retry && this.retryDelayMs > 0 ? this.retryDelayMs : undefined;
      const copy = failedCopy(message, attempts, outcome, this.options.consumer, expiration);
      await confirmed((done) => channel.sendToQueue(target, message.content, copy, done));
    }
    channel.ack(message);
  }

  private lost(error: unknown): void {
    this.consumerTag = undefined;
    if (!this.running) return;
    this.onError({ status: 'connection', error });
    this.reconnecting ??= this.reconnect().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(): Promise<void> {
    while (this.running) {
      await sleep(this.reconnectDelayMs);
      if (!this.running) return;
      try {
        await this.link.channel();
        return;
      } catch (error) {
        this.onError({ status: 'connection', error });
      }
    }
  }
}

/** The outcome's event, as the optional field of a `ConsumerFailure`. @internal */
export function eventOf(outcome: DeliveryOutcome): { event?: DomainEvent } {
  return outcome.event === undefined ? {} : { event: outcome.event };
}

/** Checks an integer option. @internal */
export function count(subject: string, field: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw ValidationError.of(subject, field, 'too_small', `${field} must be an integer ≥ ${min}`);
  }
  return value;
}
