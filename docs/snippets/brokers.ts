// #region rabbitmq
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { decodeMessage, MessageDecodeError, messageEnvelopeSchema, OutboxRelay } from 'tactical-ddd/cqrs';
import { NatsConsumer, NatsPublisher } from 'tactical-ddd/nats';
import { type ClosableSqlClient, PostgresInbox, PostgresOutbox } from 'tactical-ddd/postgres';
import { RabbitMQConsumer, RabbitMQPartitionedConsumer, RabbitMQPublisher } from 'tactical-ddd/rabbitmq';
import { RedisStreamConsumer, RedisStreamPartitionedConsumer, RedisStreamPublisher } from 'tactical-ddd/redis';

export async function runWithRabbitMQ(client: ClosableSqlClient) {
  const url = 'amqp://guest:guest@127.0.0.1:5672';
  // Service B: a durable queue bound to the event types it wants; acks after the inbox commit.
  const billing = new RabbitMQConsumer({
    url,
    exchange: 'orders',
    queue: 'billing.orders',
    bindingKeys: ['OrderPlaced'],
    consumer: 'billing',
    inbox: new PostgresInbox({ client }),
    maxAttempts: 5, // then `billing.orders.dead-letter`, with the error in its headers
    handler: async (event, tx) => {
      await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
    },
  });
  await billing.start();
  // Service A: the relay marks an outbox row published only once RabbitMQ confirmed it.
  const publisher = new RabbitMQPublisher({ url, exchange: 'orders' });
  const relay = new OutboxRelay({ outbox: new PostgresOutbox({ client }), publisher });
  relay.start();
  return async () => {
    await relay.stop();
    await publisher.close();
    await billing.stop();
  };
}
// #endregion rabbitmq

// #region redis
export async function runWithRedis(client: ClosableSqlClient) {
  const redis = new Redis('redis://127.0.0.1:6379');
  const billing = new RedisStreamConsumer({
    redis,
    stream: 'orders',
    group: 'billing',
    consumer: 'billing',
    inbox: new PostgresInbox({ client }),
    claimIdleMs: 30_000, // entries a crashed instance held are reclaimed after this
    handler: async (event, tx) => {
      await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
    },
  });
  await billing.start();
  const relay = new OutboxRelay({
    outbox: new PostgresOutbox({ client }),
    publisher: new RedisStreamPublisher({ redis, stream: 'orders', maxLength: 1_000_000 }),
  });
  relay.start();
  return async () => {
    await relay.stop();
    await billing.stop();
    redis.disconnect();
  };
}
// #endregion redis

// #region partitioned-rabbitmq
export async function partitionedWithRabbitMQ(client: ClosableSqlClient) {
  const url = 'amqp://guest:guest@127.0.0.1:5672';
  // Every instance of the billing service runs one: together they share the 8 partitions.
  const billing = new RabbitMQPartitionedConsumer({
    url,
    exchange: 'orders',
    queue: 'billing.orders', // partition queues billing.orders.0 … billing.orders.7
    partitions: 8,
    bindingKeys: ['OrderPlaced', 'OrderCancelled'],
    consumer: 'billing',
    inbox: new PostgresInbox({ client }),
    handler: async (event, tx) => {
      // An order's events arrive here one after the other, in the order they were committed.
      await tx.query('INSERT INTO invoice_log (order_id, version) VALUES ($1, $2)', [
        event.aggregateId,
        event.aggregateVersion,
      ]);
    },
  });
  await billing.start();
  // The publisher puts each event in its partition: partitionOf(event.aggregateId, 8).
  const publisher = new RabbitMQPublisher({ url, exchange: 'orders', partitions: 8 });
  const relay = new OutboxRelay({ outbox: new PostgresOutbox({ client }), publisher });
  relay.start();
  return async () => {
    await relay.stop();
    await publisher.close();
    await billing.stop(); // hands its partitions to the other instances
  };
}
// #endregion partitioned-rabbitmq

// #region partitioned-redis
export async function partitionedWithRedis(client: ClosableSqlClient) {
  const redis = new Redis('redis://127.0.0.1:6379');
  const billing = new RedisStreamPartitionedConsumer({
    redis,
    stream: 'orders', // partition streams orders:0 … orders:7
    partitions: 8,
    group: 'billing',
    consumer: 'billing',
    inbox: new PostgresInbox({ client }),
    leaseMs: 10_000, // a crashed instance's partitions move to the others after this
    handler: async (event, tx) => {
      await tx.query('INSERT INTO invoice_log (order_id, version) VALUES ($1, $2)', [
        event.aggregateId,
        event.aggregateVersion,
      ]);
    },
  });
  await billing.start();
  const relay = new OutboxRelay({
    outbox: new PostgresOutbox({ client }),
    publisher: new RedisStreamPublisher({ redis, stream: 'orders', partitions: 8 }),
  });
  relay.start();
  return async () => {
    await relay.stop();
    await billing.stop();
    redis.disconnect();
  };
}
// #endregion partitioned-redis

// #region envelope
export function readDeadLetter(body: string) {
  try {
    const event = decodeMessage(body); // UTF-8 JSON checked against messageEnvelopeSchema
    return { type: event.type, correlationId: event.metadata.correlationId };
  } catch (error) {
    if (error instanceof MessageDecodeError) return { invalid: `${error.field} ${error.rule}` };
    throw error;
  }
}
export const envelopeJsonSchema = messageEnvelopeSchema; // a zod schema other services can validate with
// #endregion envelope

// #region nats
export async function runWithNats(client: ClosableSqlClient) {
  const connection = await connect({ servers: '127.0.0.1:4222' }); // reconnects by itself
  // Service B, in as many processes as you like: they share the 8 partitions, each in order.
  const billing = new NatsConsumer({
    connection,
    stream: 'orders',
    durable: 'billing', // partition p is read through the durable consumer `billing-<p>`
    partitions: 8, // the publisher's count
    consumer: 'billing',
    inbox: new PostgresInbox({ client }),
    maxAttempts: 5, // then `orders.dead-letter.billing`, with the error in its headers
    handler: async (event, tx) => {
      await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
    },
  });
  await billing.start();
  // Service A: `orders.<partition>.<type>`, `Nats-Msg-Id` = event id, marked once JetStream stored it.
  const publisher = new NatsPublisher({ connection, stream: 'orders', partitions: 8 });
  const relay = new OutboxRelay({ outbox: new PostgresOutbox({ client }), publisher });
  relay.start();
  return async () => {
    await relay.stop();
    await billing.stop(); // its partitions move to the other processes at once
    await connection.drain();
  };
}
// #endregion nats
