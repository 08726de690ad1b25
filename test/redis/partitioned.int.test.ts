import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { InMemoryInbox, ValidationError } from '../../src/index.js';
import { type ConsumerFailure, RedisStreamPartitionedConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { redisAvailable, redisUrl, shipped, uniqueName, waitFor } from '../support/brokers.js';
import { caught } from '../support/caught.js';
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

describe.runIf(await redisAvailable())('RedisStreamPartitionedConsumer', () => {
  it('retries a failing entry in place: none of its aggregate overtakes it', async () => {
    const redis = new Redis(redisUrl);
    const stream = uniqueName('tddd-partitioned');
    const handled: number[] = [];
    const failures: ConsumerFailure[] = [];
    let failed = false;
    const consumer = new RedisStreamPartitionedConsumer({
      redis,
      stream,
      partitions: 2,
      group: 'one',
      consumer: 'one',
      inbox: new InMemoryInbox(),
      retryDelayMs: 20,
      blockMs: 50,
      onError: (failure) => failures.push(failure),
      handler: async (event) => {
        if (event.aggregateVersion === 2 && !failed) {
          failed = true;
          throw new Error('try again');
        }
        handled.push(event.aggregateVersion);
      },
    });
    try {
      await consumer.start();
      expect(consumer.partitions).toEqual([0, 1]);
      const events = Array.from({ length: 5 }, (_, i) => ({
        ...shipped('one'),
        aggregateId: 'order-1',
        aggregateVersion: i + 1,
      }));
      await new RedisStreamPublisher({ redis, stream, partitions: 2 }).publishBatch(events);
      await waitFor(() => handled.length === 5);
      expect(handled).toEqual([1, 2, 3, 4, 5]);
      expect(failures.map((f) => [f.status, f.attempts])).toEqual([['retry', 1]]);
    } finally {
      await consumer.stop();
      // Stopped: its leases are released and it left the members.
      expect(await redis.keys(`${stream}:one:*`)).toEqual([]);
      const keys = await redis.keys(`${stream}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('refuses a partition count other than the one the stream was set up with, on either side, writing nothing', async () => {
    const redis = new Redis(redisUrl);
    const stream = uniqueName('tddd-partition-count');
    const base = { redis, stream, group: 'g', consumer: 'c', inbox: new InMemoryInbox(), handler: async () => {} };
    try {
      await new RedisStreamPublisher({ redis, stream, partitions: 4 }).publish(shipped('a-1', 1));
      expect(await redis.get(`${stream}:partitions`)).toBe('4');
      // A consumer group of another count would never read some partitions: it does not start.
      const consumer = new RedisStreamPartitionedConsumer({ ...base, partitions: 8, onError: () => undefined });
      const refused = await caught(() => consumer.start());
      expect(refused).toBeInstanceOf(ValidationError);
      expect(refused).toMatchObject({ field: 'partitions', rule: 'partitions_changed' });
      expect(consumer.partitions).toEqual([]);
      // A publisher of another count writes nothing, in a batch or alone.
      const other = new RedisStreamPublisher({ redis, stream, partitions: 8 });
      const before = await redis.keys(`${stream}:*`);
      expect(await caught(() => other.publishBatch([shipped('a-2', 1), shipped('a-3', 1)]))).toMatchObject({
        rule: 'partitions_changed',
      });
      expect(await caught(() => other.publish(shipped('a-4', 1)))).toMatchObject({ rule: 'partitions_changed' });
      expect((await redis.keys(`${stream}:*`)).sort()).toEqual(before.sort());
      const lengths = await Promise.all(before.filter((key) => /:\d+$/.test(key)).map((key) => redis.xlen(key)));
      expect(lengths.reduce((a, b) => a + b, 0)).toBe(1);
      // The same count is welcome: a consumer that agrees starts.
      const agreeing = new RedisStreamPartitionedConsumer({ ...base, partitions: 4, onError: () => undefined });
      await agreeing.start();
      await agreeing.stop();
    } finally {
      const keys = await redis.keys(`${stream}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('refuses bad options with a ValidationError naming the field', async () => {
    const redis = new Redis(redisUrl, { lazyConnect: true });
    const base = { redis, stream: 's', group: 'g', consumer: 'c', inbox: new InMemoryInbox(), handler: async () => {} };
    for (const [field, options] of [
      ['partitions', { ...base, partitions: 0 }],
      ['partitions', { ...base, partitions: 2.5 }],
      ['stream', { ...base, partitions: 2, stream: '' }],
      ['leaseMs', { ...base, partitions: 2, leaseMs: 1 }],
      ['batchSize', { ...base, partitions: 2, batchSize: 0 }],
    ] as const) {
      const error = await caught(() => new RedisStreamPartitionedConsumer(options));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    redis.disconnect();
  });
});
