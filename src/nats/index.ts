/**
 * NATS JetStream for `tactical-ddd` (needs the optional peer dependencies
 * `@nats-io/transport-node` and `@nats-io/jetstream`): a `MessagePublisher` for the outbox relay
 * that publishes each event to `<subjectPrefix>.<partition>.<type>` in a stream you name, with
 * `Nats-Msg-Id` = the event id so JetStream's duplicate window drops a re-send, and waits for
 * JetStream's acknowledgements (a batch at once); and a consumer that reads the partitions
 * through durable pull consumers, one message in hand per partition, so each aggregate's events
 * are handled in order by one process at a time while the processes of a group share the
 * partitions (moved when one stops or dies). Each message is acknowledged only after its handler
 * and inbox row committed, a failing handler is delivered again with a backoff, and after
 * `maxAttempts` the message goes to a dead-letter subject carrying its error. The body is the JSON
 * envelope of `tactical-ddd/cqrs` (`messageEnvelopeSchema`).
 *
 * @example
 * ```ts
 * import { connect } from '@nats-io/transport-node';
 * import { OutboxRelay } from 'tactical-ddd/cqrs';
 * import { NatsConsumer, NatsPublisher } from 'tactical-ddd/nats';
 *
 * const connection = await connect({ servers: '127.0.0.1:4222' });
 * const relay = new OutboxRelay({ outbox, publisher: new NatsPublisher({ connection, stream: 'orders', partitions: 8 }) });
 * const consumer = new NatsConsumer({
 *   connection,
 *   stream: 'orders',
 *   durable: 'billing',
 *   partitions: 8,
 *   consumer: 'billing',
 *   inbox,
 *   handler: async (event, tx) => {},
 * });
 * await consumer.start();
 * relay.start();
 * ```
 *
 * @module tactical-ddd/nats
 */
export type { ConsumerFailure } from '../cqrs/handleDelivery.js';
export { NatsConsumer, type NatsConsumerOptions } from './NatsConsumer.js';
export { NatsPublisher, type NatsPublisherOptions } from './NatsPublisher.js';
