import type { ConfirmChannel } from 'amqplib';
import type { DomainEvent } from '../core/DomainEvent.js';
import { guardHook } from '../cqrs/guardHook.js';
import { type ConsumerFailure, checkDeliveryOptions } from '../cqrs/handleDelivery.js';
import { PartitionBalancer } from '../cqrs/PartitionBalancer.js';
import { partitionCount } from '../cqrs/partitioner.js';
import { sleep } from '../cqrs/timers.js';
import { AmqpLeases } from './AmqpLeases.js';
import { AmqpLink } from './AmqpLink.js';
import { OrderedQueueReader } from './OrderedQueueReader.js';
import { count, type RabbitMQConsumerOptions } from './RabbitMQConsumer.js';
import { nonEmpty, partitionRoutingKey } from './RabbitMQPublisher.js';

/**
 * The options of a {@link RabbitMQPartitionedConsumer}: those of a {@link RabbitMQConsumer} (the
 * broker, the exchange and binding keys, the inbox and handler, batching, retries, reconnects) plus
 * the partition count and how often to rebalance.
 *
 * @example
 * ```ts
 * const options: RabbitMQPartitionedConsumerOptions<DomainEvent, SqlClient> = {
 *   url: 'amqp://guest:guest@127.0.0.1:5672',
 *   exchange: 'orders',
 *   queue: 'billing.orders',
 *   partitions: 8,
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   handler: async (event, tx) => {},
 * };
 * ```
 */
export interface RabbitMQPartitionedConsumerOptions<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown>
  extends Omit<
    RabbitMQConsumerOptions<TEvent, TTransaction>,
    'queue' | 'prefetch' | 'retryDelayMs' | 'deadLetterQueue'
  > {
  /** The name the partition queues (`<queue>.<n>`) and the group's other queues start with. */
  readonly queue: string;
  /** How many partitions: the publisher's `partitions`. */
  readonly partitions: number;
  /** How many unacknowledged messages the broker sends at once per partition (default 20). */
  readonly prefetch?: number;
  /** How long a failed message waits, holding back its partition, before its next attempt (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** The queue of dead messages (default `<queue>.dead-letter`), also of messages with no partition of this group. */
  readonly deadLetterQueue?: string;
  /** How often the consumers of the group share out the partitions again (default 1000 ms). */
  readonly rebalanceIntervalMs?: number;
}

/**
 * Consumes events published with `partitions` by a {@link RabbitMQPublisher}, with several
 * processes sharing the work and each aggregate's events handled in order by one consumer at a
 * time, on plain RabbitMQ (no plugin). The group's topology: a direct exchange `<queue>.partitions`
 * bound to the topic exchange with `bindingKeys`, routing on the partition's routing key (the
 * `CC` header the publisher sets, `tactical-ddd.partition.<n>`) to the durable single-active-consumer queues `<queue>.0` … `<queue>.<partitions - 1>` (a message with
 * no partition of the group goes to the dead-letter queue). The consumers share the partitions
 * evenly (each takes up to `ceil(partitions / live consumers)`, counted from the consumers of
 * `<queue>.members`, holding a partition through the exclusive queue `<queue>.lock.<n>`),
 * rebalancing every `rebalanceIntervalMs`. Each partition is read on a channel of its own, in
 * queue order: a failing message is retried in place after `retryDelayMs`, holding back the
 * messages after it, and dead-lettered after `maxAttempts` with its error in the headers.
 * Messages are acknowledged after their inbox commit. A consumer that stops hands its partitions
 * over after acknowledging the messages in hand; one that dies loses its connection, its locks
 * with it, and its unacknowledged messages go back to their queues, in order, for the next holder.
 *
 * @example
 * ```ts
 * const consumer = new RabbitMQPartitionedConsumer({
 *   url: 'amqp://guest:guest@127.0.0.1:5672',
 *   exchange: 'orders',
 *   queue: 'billing.orders',
 *   partitions: 8,
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   handler: async (event, tx) => {
 *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
 *   },
 * });
 * await consumer.start();
 * // … on shutdown:
 * await consumer.stop();
 * ```
 */
export class RabbitMQPartitionedConsumer<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  private readonly reconnectDelayMs: number;
  private readonly onError: (failure: ConsumerFailure) => void;
  private readonly link: AmqpLink;
  private readonly balancer: PartitionBalancer;
  private running = false;
  private reconnecting: Promise<void> | undefined;

  /**
   * @param options - The broker, the topology, the partition count, the inbox and the handler.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the option that is empty or not a valid number.
   */
  constructor(options: RabbitMQPartitionedConsumerOptions<TEvent, TTransaction>) {
    const subject = 'RabbitMQPartitionedConsumerOptions';
    checkDeliveryOptions(subject, options);
    nonEmpty(subject, 'url', options.url);
    const exchange = nonEmpty(subject, 'exchange', options.exchange);
    const queue = nonEmpty(subject, 'queue', options.queue);
    const partitions = partitionCount(subject, options.partitions);
    const deadLetterQueue = nonEmpty(subject, 'deadLetterQueue', options.deadLetterQueue ?? `${queue}.dead-letter`);
    const reading = {
      delivery: options,
      prefetch: count(subject, 'prefetch', options.prefetch ?? 20, 1),
      inboxBatchSize: count(subject, 'inboxBatchSize', options.inboxBatchSize ?? 20, 1),
      retryDelayMs: count(subject, 'retryDelayMs', options.retryDelayMs ?? 1000, 0),
      deadLetterQueue,
      onError: (failure: ConsumerFailure) => this.onError(failure),
    };
    this.reconnectDelayMs = count(subject, 'reconnectDelayMs', options.reconnectDelayMs ?? 1000, 1);
    const intervalMs = count(subject, 'rebalanceIntervalMs', options.rebalanceIntervalMs ?? 1000, 1);
    const bindingKeys = options.bindingKeys ?? ['#'];
    this.onError = guardHook(
      'RabbitMQPartitionedConsumer',
      options.onError ??
        ((failure) =>
          (globalThis as unknown as { console: { error(...data: unknown[]): void } }).console.error(
            `RabbitMQPartitionedConsumer ${options.consumer}: ${failure.status}`,
            failure.event?.type ?? '',
            failure.event?.id ?? '',
            failure.error,
          )),
    );
    const router = `${queue}.partitions`;
    const unrouted = `${queue}.unrouted`;
    this.link = new AmqpLink(
      options.url,
      async (channel: ConfirmChannel) => {
        await channel.assertExchange(exchange, 'topic', { durable: true });
        await channel.assertQueue(deadLetterQueue, { durable: true });
        await channel.assertExchange(unrouted, 'fanout', { durable: true });
        await channel.bindQueue(deadLetterQueue, unrouted, '');
        await channel.assertExchange(router, 'direct', { durable: true, alternateExchange: unrouted });
        for (let partition = 0; partition < partitions; partition++) {
          const name = `${queue}.${partition}`;
          await channel.assertQueue(name, { durable: true, arguments: { 'x-single-active-consumer': true } });
          await channel.bindQueue(name, router, partitionRoutingKey(partition));
        }
        for (const key of bindingKeys) await channel.bindExchange(router, exchange, key);
        if (this.running) await AmqpLeases.join(channel, leases.membersQueue);
      },
      (error) => this.lost(error),
    );
    const leases = new AmqpLeases(this.link, queue);
    this.balancer = new PartitionBalancer(
      partitions,
      `${options.consumer}-${Math.random().toString(36).slice(2, 10)}`,
      leases,
      async (partition) => new OrderedQueueReader(await this.link.createChannel(), `${queue}.${partition}`, reading),
      intervalMs,
      (error) => this.onError({ status: 'connection', error }),
    );
  }

  /** The partitions this consumer reads now, in ascending order. */
  get partitions(): readonly number[] {
    return this.balancer.owned();
  }

  /**
   * Declares the topology, joins the group's consumers, takes its share of the partitions and
   * starts reading them.
   *
   * @throws the connection error when the broker cannot be reached now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.balancer.start();
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  /** Stops reading, waits for the messages in hand (and their acks), gives its partitions back and closes the connection. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.reconnecting;
    await this.balancer.stop();
    await this.link.close();
  }

  private lost(error: unknown): void {
    if (!this.running) return;
    this.onError({ status: 'connection', error });
    this.reconnecting ??= this.reconnect().finally(() => {
      this.reconnecting = undefined;
    });
  }

  /** The locks and channels went with the connection: forget the partitions, then connect again. */
  private async reconnect(): Promise<void> {
    await this.balancer.drop();
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
