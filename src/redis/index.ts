/**
 * Redis Streams for `tactical-ddd` (needs the optional peer dependency `ioredis`): a
 * `MessagePublisher` for the outbox relay that appends each event to a stream (`XADD`, trimmed to
 * a maximum length without removing what a consumer group has not acknowledged), and a
 * consumer-group consumer that acknowledges an entry (`XACK`) only after its handler and inbox row
 * committed, retries a failing handler, reclaims the pending entries of crashed consumers,
 * dead-letters an entry after `maxAttempts`, and reports entries removed before it read them
 * (`StreamGapError`); and, for several processes sharing the work with each aggregate's events in
 * order, a partitioned publisher (`partitions`: a stream per partition) and
 * `RedisStreamPartitionedConsumer`. The `envelope` field is the JSON envelope of `tactical-ddd/cqrs`
 * (`messageEnvelopeSchema`).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { OutboxRelay } from 'tactical-ddd/cqrs';
 * import { RedisStreamConsumer, RedisStreamPublisher } from 'tactical-ddd/redis';
 *
 * const redis = new Redis('redis://127.0.0.1:6379');
 * const relay = new OutboxRelay({ outbox, publisher: new RedisStreamPublisher({ redis, stream: 'orders' }) });
 * const consumer = new RedisStreamConsumer({
 *   redis,
 *   stream: 'orders',
 *   group: 'billing',
 *   consumer: 'billing',
 *   inbox,
 *   handler: async (event, tx) => {},
 * });
 * await consumer.start();
 * relay.start();
 * ```
 *
 * @module tactical-ddd/redis
 */
export type { ConsumerFailure } from '../cqrs/handleDelivery.js';
export type { PartitioningOptions } from '../cqrs/partitioner.js';
export { RedisStreamConsumer, type RedisStreamConsumerOptions } from './RedisStreamConsumer.js';
export {
  RedisStreamPartitionedConsumer,
  type RedisStreamPartitionedConsumerOptions,
} from './RedisStreamPartitionedConsumer.js';
export { RedisStreamPublisher, type RedisStreamPublisherOptions } from './RedisStreamPublisher.js';
export { StreamGapError } from './StreamGapError.js';
