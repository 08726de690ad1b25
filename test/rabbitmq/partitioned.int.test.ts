import { connect } from 'amqplib';
import { RabbitMQPartitionedConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { rabbitAvailable, rabbitUrl, uniqueName } from '../support/brokers.js';
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
