import { describe, expect, it } from 'vitest';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction } from '../../src/index.js';
import { type ConsumerFailure, RedisStreamConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { redisAvailable, shipped, waitFor } from '../support/brokers.js';
import { useRedisStream } from '../support/redisStream.js';

const available = await redisAvailable();

describe.runIf(available)('RedisStreamConsumer at concurrency 1', () => {
  const context = useRedisStream('tddd-order');

  it('keeps stream order through a retry: no later entry overtakes the one waiting for its retry', async () => {
    const { redis, stream } = context;
    const events = Array.from({ length: 5 }, (_, i) => shipped(`order-${i + 1}`));
    const handled: string[] = [];
    const failures: ConsumerFailure[] = [];
    let failedOnce = false;
    const consumer = new RedisStreamConsumer<DomainEvent, MemoryTransaction>({
      redis,
      stream,
      group: 'billing',
      consumer: 'billing',
      inbox: new InMemoryInbox(),
      handler: async (event) => {
        const sku = (event.payload as { sku: string }).sku;
        if (sku === 'order-2' && !failedOnce) {
          failedOnce = true;
          throw new Error('try again');
        }
        handled.push(sku);
      },
      maxAttempts: 3,
      retryDelayMs: 40,
      blockMs: 20,
      onError: (failure) => failures.push(failure),
    });
    try {
      await consumer.start();
      await new RedisStreamPublisher({ redis, stream }).publishBatch(events);
      await waitFor(() => handled.length === 5);
      expect(handled).toEqual(['order-1', 'order-2', 'order-3', 'order-4', 'order-5']);
      expect(failures.map((f) => [f.status, f.attempts])).toEqual([['retry', 1]]);
      // The entries held behind the retry kept their delivery count: nothing is pending now.
      expect(((await redis.call('XPENDING', stream, 'billing')) as [number])[0]).toBe(0);
    } finally {
      await consumer.stop();
    }
  });
});
