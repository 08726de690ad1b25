import { connect, type GetMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, InMemoryInbox, ValidationError } from '../../src/index.js';
import { type ConsumerFailure, RabbitMQPartitionedConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { rabbitAvailable, rabbitUrl, shipped, uniqueName, waitFor } from '../support/brokers.js';
import { caught } from '../support/caught.js';
import { type OrderingBroker, orderingSuite } from '../support/orderingSuite.js';
import { TcpProxy } from '../support/tcpProxy.js';

const PARTITIONS = 12;
const broker = new URL(rabbitUrl);

/** An exchange and partition queues of their own; each consumer reaches RabbitMQ through a proxy of its own, to kill it. */
async function rabbitBroker(): Promise<OrderingBroker> {
  const exchange = uniqueName('tddd-partitioned');
  const queue = `${exchange}.ordering`;
  const publisher = new RabbitMQPublisher({ url: rabbitUrl, exchange, partitions: PARTITIONS });
  const closers: (() => Promise<void>)[] = [];
  return {
    publish: (events) => publisher.publishBatch(events),
    async consumer(delivery) {
      const proxy = new TcpProxy(Number(broker.port || 5672));
      const port = await proxy.listen();
      const url = new URL(rabbitUrl);
      url.host = `127.0.0.1:${port}`;
      const consumer = new RabbitMQPartitionedConsumer({
        ...delivery,
        url: url.toString(),
        exchange,
        queue,
        partitions: PARTITIONS,
        rebalanceIntervalMs: 100,
        reconnectDelayMs: 100,
        retryDelayMs: 50,
        onError: () => undefined,
      });
      await consumer.start();
      closers.push(() => proxy.close());
      return {
        stop: () => consumer.stop(),
        kill: () => proxy.close(),
        owned: () => consumer.partitions,
      };
    },
    async cleanup() {
      for (const close of closers) await close();
      await publisher.close();
      const model = await connect(rabbitUrl);
      const channel = await model.createChannel();
      const queues = [
        ...Array.from({ length: PARTITIONS }, (_, p) => `${queue}.${p}`),
        `${queue}.dead-letter`,
        `${queue}.members`,
      ];
      for (const name of queues) await channel.deleteQueue(name);
      for (const name of [`${queue}.partitions`, `${queue}.unrouted`, exchange]) await channel.deleteExchange(name);
      await model.close();
    },
  };
}

orderingSuite('RabbitMQ', await rabbitAvailable(), rabbitBroker);

describe.runIf(await rabbitAvailable())('RabbitMQPartitionedConsumer', () => {
  /** One consumer of a fresh group on 2 partitions; the events of one aggregate, in order. */
  async function setup(handler: (event: DomainEvent) => Promise<void>, maxAttempts = 5) {
    const exchange = uniqueName('tddd-partitioned');
    const queue = `${exchange}.one`;
    const failures: ConsumerFailure[] = [];
    const consumer = new RabbitMQPartitionedConsumer({
      url: rabbitUrl,
      exchange,
      queue,
      partitions: 2,
      consumer: 'one',
      inbox: new InMemoryInbox(),
      handler,
      maxAttempts,
      retryDelayMs: 20,
      onError: (failure) => failures.push(failure),
    });
    await consumer.start();
    const publisher = new RabbitMQPublisher({ url: rabbitUrl, exchange, partitions: 2 });
    const model = await connect(rabbitUrl);
    const channel = await model.createChannel();
    const cleanup = async () => {
      await consumer.stop();
      await publisher.close();
      for (const name of [`${queue}.0`, `${queue}.1`, `${queue}.dead-letter`, `${queue}.members`]) {
        await channel.deleteQueue(name);
      }
      for (const name of [`${queue}.partitions`, `${queue}.unrouted`, exchange]) await channel.deleteExchange(name);
      await model.close();
    };
    const events = Array.from({ length: 5 }, (_, i) => ({
      ...shipped('one'),
      aggregateId: 'order-1',
      aggregateVersion: i + 1,
    }));
    return { consumer, publisher, channel, queue, exchange, failures, cleanup, events };
  }

  it('retries a failing message in place: none of its aggregate overtakes it', async () => {
    const handled: number[] = [];
    let failed = false;
    const s = await setup(async (event) => {
      if (event.aggregateVersion === 2 && !failed) {
        failed = true;
        throw new Error('try again');
      }
      handled.push(event.aggregateVersion);
    });
    try {
      await s.publisher.publishBatch(s.events);
      await waitFor(() => handled.length === 5);
      expect(handled).toEqual([1, 2, 3, 4, 5]);
      expect(s.failures.map((f) => [f.status, f.attempts])).toEqual([['retry', 1]]);
    } finally {
      await s.cleanup();
    }
  });

  it('dead-letters a poison message after maxAttempts with its error, then goes on in order', async () => {
    const handled: number[] = [];
    const s = await setup(async (event) => {
      if (event.aggregateVersion === 3) throw new Error('poison');
      handled.push(event.aggregateVersion);
    }, 3);
    try {
      await s.publisher.publishBatch(s.events);
      await waitFor(() => handled.length === 4);
      expect(handled).toEqual([1, 2, 4, 5]);
      expect(s.failures.map((f) => [f.status, f.attempts])).toEqual([
        ['retry', 1],
        ['retry', 2],
        ['dead_letter', 3],
      ]);
      await waitFor(async () => (await s.channel.checkQueue(`${s.queue}.dead-letter`)).messageCount === 1);
      const dead = (await s.channel.get(`${s.queue}.dead-letter`, { noAck: true })) as GetMessage;
      expect(dead.properties.headers).toMatchObject({
        'x-attempts': 3,
        'x-error': 'poison',
        'x-dead-letter-reason': 'max_attempts',
        'x-consumer': 'one',
      });
    } finally {
      await s.cleanup();
    }
  });

  it('dead-letters a message with no partition of the group (a publisher without partitions)', async () => {
    const handled: string[] = [];
    const s = await setup(async (event) => {
      handled.push(event.id);
    });
    try {
      const plain = new RabbitMQPublisher({ url: rabbitUrl, exchange: s.exchange });
      const [event] = s.events;
      await plain.publish(event as DomainEvent);
      await plain.close();
      await waitFor(async () => (await s.channel.checkQueue(`${s.queue}.dead-letter`)).messageCount === 1);
      const dead = (await s.channel.get(`${s.queue}.dead-letter`, { noAck: true })) as GetMessage;
      expect(JSON.parse(dead.content.toString()).id).toBe(event?.id);
      expect(handled).toEqual([]);
    } finally {
      await s.cleanup();
    }
  });

  it('refuses bad options with a ValidationError naming the field', async () => {
    const base = {
      url: rabbitUrl,
      exchange: 'x',
      queue: 'q',
      consumer: 'c',
      inbox: new InMemoryInbox(),
      handler: async () => {},
    };
    for (const [field, options] of [
      ['partitions', { ...base, partitions: 0 }],
      ['partitions', { ...base, partitions: 70_000 }],
      ['queue', { ...base, partitions: 2, queue: '' }],
      ['rebalanceIntervalMs', { ...base, partitions: 2, rebalanceIntervalMs: 0 }],
      ['prefetch', { ...base, partitions: 2, prefetch: 1.5 }],
    ] as const) {
      const error = await caught(() => new RabbitMQPartitionedConsumer(options));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
