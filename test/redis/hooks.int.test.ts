import { describe, expect, it } from 'vitest';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction } from '../../src/index.js';
import { RedisStreamConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { redisAvailable, shipped, waitFor } from '../support/brokers.js';
import { withRejectionWatch } from '../support/quietHooks.js';
import { useRedisStream } from '../support/redisStream.js';

const available = await redisAvailable();

describe.runIf(available)('RedisStreamConsumer with a throwing onError hook', () => {
  const context = useRedisStream('tddd-hooks');

  it('retries and dead-letters as usual, and no rejection escapes', () =>
    withRejectionWatch(async ({ rejections, consoleError }) => {
      const { redis, stream } = context;
      const handled: DomainEvent[] = [];
      let hookCalls = 0;
      const consumer = new RedisStreamConsumer<DomainEvent, MemoryTransaction>({
        redis,
        stream,
        group: 'billing',
        consumer: 'billing',
        inbox: new InMemoryInbox(),
        handler: async (event) => {
          if ((event.payload as { sku: string }).sku === 'poison') throw new Error('handler failed');
          handled.push(event);
        },
        maxAttempts: 2,
        retryDelayMs: 20,
        blockMs: 50,
        onError: () => {
          hookCalls++;
          throw new Error('the hook itself fails');
        },
      });
      try {
        await consumer.start();
        const publisher = new RedisStreamPublisher({ redis, stream });
        await publisher.publish(shipped('poison'));
        await publisher.publish(shipped('fine'));
        // 'fine' waits behind 'poison' (stream order) until the poison is dead-lettered.
        await waitFor(
          async () =>
            hookCalls === 2 &&
            (await redis.xlen(`${stream}:dead-letter`)) === 1 &&
            handled.length === 1 &&
            ((await redis.call('XPENDING', stream, 'billing')) as [number])[0] === 0,
        );
        expect(handled.map((event) => (event.payload as { sku: string }).sku)).toEqual(['fine']);
        expect(((await redis.call('XPENDING', stream, 'billing')) as [number])[0]).toBe(0);
        expect(rejections).toEqual([]);
        expect(consoleError).toHaveBeenCalledWith('RedisStreamConsumer: the onError hook threw', expect.any(Error));
      } finally {
        await consumer.stop();
      }
    }));
});
