/// <reference types="node" />
import type { DomainEvent } from '../core/DomainEvent.js';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import { ValidationError } from '../core/ValidationError.js';
import { encodeMessage } from '../cqrs/messageEnvelope.js';
import { type PartitioningOptions, partitioner } from '../cqrs/partitioner.js';
import { AmqpLink } from './AmqpLink.js';
import { publishOptions } from './publishOptions.js';

/**
 * The options of a {@link RabbitMQPublisher}.
 *
 * @example
 * ```ts
 * const options: RabbitMQPublisherOptions = { url: 'amqp://guest:guest@127.0.0.1:5672', exchange: 'orders' };
 * ```
 */
export interface RabbitMQPublisherOptions extends PartitioningOptions {
  /** The broker's AMQP URL, such as `amqp://guest:guest@127.0.0.1:5672`. */
  readonly url: string;
  /** The durable topic exchange to publish to (declared if missing). */
  readonly exchange: string;
}

/**
 * A {@link "tactical-ddd".MessagePublisher | MessagePublisher} for RabbitMQ: each event goes to a
 * durable topic exchange with the event type as routing key, as a persistent message whose body is
 * the JSON envelope (`encodeMessage` of `tactical-ddd/cqrs`). `publish` resolves only when the
 * broker confirmed the message (publisher confirms), and `publishBatch` when it confirmed every
 * message of the batch, so an `OutboxRelay` marks outbox rows published only once the broker has
 * them; a lost connection rejects the pending publishes (the relay
 * retries them) and the next publish connects again.
 *
 * A message that matches no binding is dropped by RabbitMQ: declare the consumers' queues (start
 * the {@link RabbitMQConsumer}s) before publishing.
 *
 * With `partitions`, each message also carries its partition as a second routing key in its `CC`
 * header, `tactical-ddd.partition.<n>` (`n = partitionOf(partitionKey(event), partitions)`, the
 * aggregate id by default), which {@link RabbitMQPartitionedConsumer}s given the same count route
 * on: an aggregate's events stay in one partition queue, in order. Plain consumers of the exchange
 * get the messages as before (once each, even when a binding matches both keys).
 *
 * @example
 * ```ts
 * const publisher = new RabbitMQPublisher({ url: 'amqp://guest:guest@127.0.0.1:5672', exchange: 'orders' });
 * const relay = new OutboxRelay({ outbox, publisher });
 * relay.start();
 * // … on shutdown:
 * await relay.stop();
 * await publisher.close();
 * ```
 */
export class RabbitMQPublisher implements MessagePublisher {
  private readonly exchange: string;
  private readonly link: AmqpLink;
  private readonly partition: ((event: DomainEvent) => number) | undefined;

  /**
   * @param options - The broker URL, the exchange and the partitioning.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `url` or `exchange` is empty, or `partitions` is not an integer from 1 to 65,536.
   */
  constructor(options: RabbitMQPublisherOptions) {
    this.exchange = nonEmpty('RabbitMQPublisherOptions', 'exchange', options.exchange);
    this.partition = partitioner('RabbitMQPublisherOptions', options);
    const exchange = this.exchange;
    this.link = new AmqpLink(nonEmpty('RabbitMQPublisherOptions', 'url', options.url), async (channel) => {
      await channel.assertExchange(exchange, 'topic', { durable: true });
    });
  }

  /**
   * Publishes one event and waits for the broker's confirm.
   *
   * @param event - The event.
   * @throws the connection error, or `message nacked`, when the broker did not take it; a
   * `ValidationError` when the event is not JSON-safe or its partition key is not a string.
   */
  async publish(event: DomainEvent): Promise<void> {
    const body = Buffer.from(encodeMessage(event));
    const options = this.options(event);
    const channel = await this.link.channel();
    await confirmed((done) => channel.publish(this.exchange, event.type, body, options, done));
  }

  /**
   * Publishes several events, in order, and waits for the broker's confirms of all of them at once
   * (one round trip per batch instead of one per event): what an `OutboxRelay` uses for each
   * claimed batch.
   *
   * @param events - The events, in order.
   * @throws the connection error, or `message nacked`, when the broker did not take one of them; a
   * `ValidationError` (nothing sent) when an event is not JSON-safe or its partition key is not a string.
   * @example
   * ```ts
   * await publisher.publishBatch([orderPlaced, orderPaid]); // both confirmed
   * ```
   */
  async publishBatch(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages = events.map((event) => ({
      event,
      body: Buffer.from(encodeMessage(event)),
      options: this.options(event),
    }));
    const channel = await this.link.channel();
    await Promise.all(
      messages.map(({ event, body, options }) =>
        confirmed((done) => channel.publish(this.exchange, event.type, body, options, done)),
      ),
    );
  }

  private options(event: DomainEvent) {
    return this.partition === undefined
      ? publishOptions(event)
      : { ...publishOptions(event), CC: [partitionRoutingKey(this.partition(event))] };
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.link.close();
  }
}

/** The extra routing key (`CC`) of a message of partition `partition`. @internal */
export const partitionRoutingKey = (partition: number): string => `tactical-ddd.partition.${partition}`;

/** Publishes with a confirm callback and resolves on the broker's ack. @internal */
export function confirmed(send: (done: (error: unknown) => void) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    try {
      send((error) => (error ? reject(error) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}

/** Checks a non-empty string option. @internal */
export function nonEmpty(subject: string, field: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw ValidationError.of(subject, field, 'too_small', `${field} must be a non-empty string`);
  }
  return value;
}
