import { Redis } from 'ioredis';
import { RedisStreamPartitionedConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { redisAvailable, redisUrl, uniqueName } from '../support/brokers.js';
import { type OrderingBroker, orderingSuite } from '../support/orderingSuite.js';
import { TcpProxy } from '../support/tcpProxy.js';

const PARTITIONS = 12;
const redisPort = Number(new URL(redisUrl).port || 6379);

/** A partitioned stream of its own; each consumer reaches Redis through a proxy of its own, to kill it. */
async function redisBroker(): Promise<OrderingBroker> {
  const admin = new Redis(redisUrl);
  const stream = uniqueName('tddd-partitioned');
  const publisher = new RedisStreamPublisher({ redis: admin, stream, partitions: PARTITIONS });
  const closers: (() => Promise<void>)[] = [];
  return {
    publish: (events) => publisher.publishBatch(events),
    async consumer(delivery) {
      const proxy = new TcpProxy(redisPort);
      const port = await proxy.listen();
      const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      redis.on('error', () => undefined);
      const consumer = new RedisStreamPartitionedConsumer({
        ...delivery,
        redis,
        stream,
        group: 'ordering',
        partitions: PARTITIONS,
        leaseMs: 1000,
        rebalanceIntervalMs: 100,
        blockMs: 100,
        retryDelayMs: 50,
        onError: () => undefined,
      });
      await consumer.start();
      closers.push(async () => {
        redis.disconnect();
        await proxy.close();
      });
      return {
        stop: () => consumer.stop(),
        kill: () => proxy.close(),
        owned: () => consumer.partitions,
      };
    },
    async cleanup() {
      for (const close of closers) await close();
      const keys = await admin.keys(`${stream}*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    },
  };
}

orderingSuite('Redis Streams', await redisAvailable(), redisBroker);
