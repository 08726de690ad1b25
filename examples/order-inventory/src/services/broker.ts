import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DomainEvent, Inbox, MessagePublisher, Observer } from 'tactical-ddd';
import { NatsConsumer, NatsPublisher } from 'tactical-ddd/nats';
import { RabbitMQConsumer, RabbitMQPartitionedConsumer, RabbitMQPublisher } from 'tactical-ddd/rabbitmq';
import { topology } from './topology.js';

/** Which broker the services talk through: RabbitMQ (`amqpUrl`), or NATS JetStream when `natsUrl` is set. */
export interface BrokerOptions {
  /** RabbitMQ, such as `amqp://guest:guest@127.0.0.1:5672`. */
  readonly amqpUrl: string;
  /** NATS with JetStream, such as `127.0.0.1:4222`: used instead of RabbitMQ when set. */
  readonly natsUrl?: string;
}

/** What a service consumes: the event or command types it takes from another service's exchange (stream). */
export interface Subscription<TEvent extends DomainEvent, TTransaction> {
  readonly exchange: string;
  readonly queue: string;
  readonly types: readonly string[];
  readonly consumer: string;
  readonly inbox: Inbox<TTransaction>;
  readonly decode: (event: DomainEvent) => TEvent;
  readonly handler: (event: TEvent, tx: TTransaction) => Promise<void>;
  /** Observes each delivery (tracing, metrics). */
  readonly observer?: Observer;
  /**
   * Partitioned consumption: `consumers` consumers of one group (as instances of the service
   * would be) share the partitions, each aggregate's messages in order, by one consumer at a time.
   * On RabbitMQ this takes `partitions` (the publisher's); a NATS consumer is always partitioned.
   */
  readonly partitioned?: { readonly partitions: number; readonly consumers: number };
}

/** The consumers of a subscription, started and stopped together. */
export interface SubscriptionConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The partitions each consumer reads now (partitioned consumption only). */
  partitions(): readonly (readonly number[])[];
}

/** Runs `count` consumers as one. */
function group<T extends { start(): Promise<void>; stop(): Promise<void> }>(
  consumers: readonly T[],
  partitionsOf: (consumer: T) => readonly number[],
): SubscriptionConsumer {
  return {
    start: async () => {
      for (const each of consumers) await each.start();
    },
    stop: async () => {
      for (const each of consumers) await each.stop();
    },
    partitions: () => consumers.map(partitionsOf),
  };
}

/** A service's publisher and consumer on the chosen broker; `close` ends the publisher (and the NATS connection). */
export interface Broker {
  /** A publisher to `exchange`; with `partitions`, each message goes to its aggregate's partition. */
  publisher(exchange: string, partitions?: number): MessagePublisher & { close(): Promise<void> };
  consumer<TEvent extends DomainEvent, TTransaction>(
    subscription: Subscription<TEvent, TTransaction>,
  ): SubscriptionConsumer;
}

/** On NATS, an exchange is a stream (names without dots) whose subjects start with the exchange name. */
const PARTITIONS = 4;
const streamOf = (exchange: string): string => exchange.replaceAll('.', '-');

/** Opens the broker a service uses: RabbitMQ, or NATS JetStream (one connection for both sides). */
export async function openBroker(options: BrokerOptions): Promise<Broker> {
  const { natsUrl, amqpUrl } = options;
  if (natsUrl === undefined) {
    return {
      publisher: (exchange, partitions) =>
        new RabbitMQPublisher({ url: amqpUrl, exchange, ...(partitions === undefined ? {} : { partitions }) }),
      consumer: (s) => {
        const common = {
          url: amqpUrl,
          exchange: s.exchange,
          queue: s.queue,
          bindingKeys: s.types,
          consumer: s.consumer,
          inbox: s.inbox,
          retryDelayMs: 200,
          decode: s.decode,
          handler: s.handler,
          ...(s.observer === undefined ? {} : { observer: s.observer }),
        };
        if (s.partitioned === undefined) return group([new RabbitMQConsumer({ ...common, prefetch: 1 })], () => []);
        const { partitions, consumers } = s.partitioned;
        return group(
          Array.from({ length: consumers }, () => new RabbitMQPartitionedConsumer({ ...common, partitions })),
          (consumer) => consumer.partitions,
        );
      },
    };
  }
  const connection: NatsConnection = await connect({ servers: natsUrl, maxReconnectAttempts: -1 });
  return {
    publisher: (exchange) => {
      const publisher = new NatsPublisher({
        connection,
        stream: streamOf(exchange),
        subjectPrefix: exchange,
        partitions: PARTITIONS,
      });
      return {
        publish: (event) => publisher.publish(event),
        publishBatch: (events) => publisher.publishBatch(events),
        close: () => connection.drain(),
      };
    },
    consumer: (s) =>
      group(
        Array.from(
          { length: s.partitioned?.consumers ?? 1 },
          () =>
            new NatsConsumer({
              connection,
              stream: streamOf(s.exchange),
              subjectPrefix: s.exchange,
              partitions: PARTITIONS,
              durable: streamOf(s.queue),
              eventTypes: s.types,
              consumer: s.consumer,
              inbox: s.inbox,
              retryDelayMs: 200,
              decode: s.decode,
              handler: s.handler,
              ...(s.observer === undefined ? {} : { observer: s.observer }),
            }),
        ),
        (consumer) => consumer.partitionsOwned,
      ),
  };
}

/** Deletes a deployment's NATS streams (with their durable consumers): for demos and tests. */
export async function deleteNatsTopology(natsUrl: string, prefix: string): Promise<void> {
  const names = topology(prefix);
  const connection = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(connection);
    for (const exchange of [names.ordersExchange, names.inventoryExchange]) {
      await jsm.streams.delete(streamOf(exchange)).catch(() => false);
    }
  } finally {
    await connection.close();
  }
}
