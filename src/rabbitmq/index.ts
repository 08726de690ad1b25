/**
 * RabbitMQ for `tactical-ddd` (needs the optional peer dependency `amqplib`): a
 * `MessagePublisher` for the outbox relay that publishes each event to a topic exchange (routing
 * key = event type) as a persistent message and waits for the broker's confirm, and a consumer
 * that acknowledges a message only after its handler and inbox row committed, retries a failing
 * handler, dead-letters a message after `maxAttempts`, and reconnects after a broker restart; and,
 * for several processes sharing the work with each aggregate's events in order, a partitioned
 * publisher (`partitions`) and `RabbitMQPartitionedConsumer`. The body is the JSON envelope of
 * `tactical-ddd/cqrs` (`messageEnvelopeSchema`).
 *
 * @example
 * ```ts
 * import { OutboxRelay } from 'tactical-ddd/cqrs';
 * import { RabbitMQConsumer, RabbitMQPublisher } from 'tactical-ddd/rabbitmq';
 *
 * const url = 'amqp://guest:guest@127.0.0.1:5672';
 * const relay = new OutboxRelay({ outbox, publisher: new RabbitMQPublisher({ url, exchange: 'orders' }) });
 * const consumer = new RabbitMQConsumer({
 *   url,
 *   exchange: 'orders',
 *   queue: 'billing.orders',
 *   consumer: 'billing',
 *   inbox,
 *   handler: async (event, tx) => {},
 * });
 * await consumer.start();
 * relay.start();
 * ```
 *
 * @module tactical-ddd/rabbitmq
 */
export type { ConsumerFailure } from '../cqrs/handleDelivery.js';
export type { PartitioningOptions } from '../cqrs/partitioner.js';
export { RabbitMQConsumer, type RabbitMQConsumerOptions } from './RabbitMQConsumer.js';
export {
  RabbitMQPartitionedConsumer,
  type RabbitMQPartitionedConsumerOptions,
} from './RabbitMQPartitionedConsumer.js';
export { RabbitMQPublisher, type RabbitMQPublisherOptions } from './RabbitMQPublisher.js';
