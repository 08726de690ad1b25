import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction } from '../../src/index.js';
import {
  type ConsumerFailure,
  RedisStreamConsumer,
  RedisStreamPublisher,
  StreamGapError,
} from '../../src/redis/index.js';
import { redisAvailable, redisUrl, shipped, uniqueName, waitFor } from '../support/brokers.js';

const available = await redisAvailable();

const idBefore = (a: string, b: string) => {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am < bm || (am === bm && as < bs);
};

describe.runIf(available)('Redis Streams trimming', () => {
  let redis: Redis;
  const streams: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(() => {
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const stream of streams) await redis.del(stream, `${stream}:dead-letter`);
    redis.disconnect();
  });

  function setup(handler: (event: DomainEvent) => Promise<void>, group = 'billing') {
    const stream = uniqueName('tddd-trim');
    streams.push(stream);
    const failures: ConsumerFailure[] = [];
    const consumer = new RedisStreamConsumer<DomainEvent, MemoryTransaction>({
      redis,
      stream,
      group,
      consumer: group,
      inbox: new InMemoryInbox(),
      handler,
      maxAttempts: 3,
      batchSize: 200,
      retryDelayMs: 30,
      claimIdleMs: 200,
      blockMs: 50,
      onError: (failure) => failures.push(failure),
    });
    closers.push(() => consumer.stop());
    return { consumer, stream, failures };
  }
  const deadLetters = async (stream: string) =>
    (await redis.xrange(`${stream}:dead-letter`, '-', '+')).map(([, fields]) => {
      const entry: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) entry[fields[i] as string] = fields[i + 1] as string;
      return entry;
    });
  const skus = (events: readonly DomainEvent[]) => events.map((event) => (event.payload as { sku: string }).sku);

  it('never trims what a group has not acknowledged: 5,000 events at maxLength 1,000 while the consumer is down', async () => {
    const handled: DomainEvent[] = [];
    const { consumer, stream, failures } = setup(async (event) => void handled.push(event));
    await consumer.start(); // the group exists from here on
    await consumer.stop();
    const publisher = new RedisStreamPublisher({ redis, stream, maxLength: 1_000 });
    const events = Array.from({ length: 5_000 }, (_, i) => shipped(`down-${i}`));
    for (let i = 0; i < events.length; i += 250) await publisher.publishBatch(events.slice(i, i + 250));
    await publisher.publish(shipped('single')); // the one-at-a-time path trims the same way
    expect(await redis.xlen(stream)).toBe(5_001);

    await consumer.start();
    await waitFor(() => handled.length === 5_001, 30_000);
    expect(skus(handled)).toEqual([...skus(events), 'single']);
    expect(failures).toEqual([]);
    expect(await deadLetters(stream)).toEqual([]);

    // Once acknowledged, the next append trims the stream back to its maximum length.
    await publisher.publish(shipped('after'));
    expect(await redis.xlen(stream)).toBe(1_000);
    await waitFor(() => handled.length === 5_002);
  }, 60_000);

  it('trims up to the oldest pending entry of the slowest group, and no further', async () => {
    const stream = uniqueName('tddd-trim');
    streams.push(stream);
    await redis.call('XGROUP', 'CREATE', stream, 'fast', '0', 'MKSTREAM');
    await redis.call('XGROUP', 'CREATE', stream, 'slow', '0');
    const publisher = new RedisStreamPublisher({ redis, stream, maxLength: 5 });
    await publisher.publishBatch(Array.from({ length: 10 }, (_, i) => shipped(`g-${i}`)));
    // fast reads and acknowledges everything; slow reads 6 and acknowledges all but the 4th.
    const fast = (await redis.xreadgroup('GROUP', 'fast', 'f', 'COUNT', 100, 'STREAMS', stream, '>')) as [
      string,
      [string, string[]][],
    ][];
    const ids = (fast[0]?.[1] ?? []).map(([id]) => id);
    await redis.xack(stream, 'fast', ...ids);
    await redis.xreadgroup('GROUP', 'slow', 's', 'COUNT', 6, 'STREAMS', stream, '>');
    await redis.xack(stream, 'slow', ...ids.slice(0, 3), ...ids.slice(4, 6));
    await publisher.publish(shipped('g-10'));
    const left = (await redis.xrange(stream, '-', '+')).map(([id]) => id);
    expect(left[0]).toBe(ids[3]); // the slow group's pending entry and all after it stay
    expect(left).toHaveLength(8);
  });

  it('reports entries another writer trimmed before the group read them, once, and dead-letters the gap', async () => {
    const handled: DomainEvent[] = [];
    const { consumer, stream, failures } = setup(async (event) => void handled.push(event));
    await consumer.start();
    await consumer.stop();
    const publisher = new RedisStreamPublisher({ redis, stream });
    const events = Array.from({ length: 30 }, (_, i) => shipped(`gap-${i}`));
    await publisher.publishBatch(events);
    const ids = (await redis.xrange(stream, '-', '+')).map(([id]) => id);
    await redis.call('XTRIM', stream, 'MAXLEN', 10); // not ours: an exact MAXLEN by another writer
    await consumer.start();
    await waitFor(() => handled.length === 10);
    await new Promise((resolve) => setTimeout(resolve, 150)); // more reads: reported once only
    expect(skus(handled)).toEqual(skus(events.slice(20)));
    expect(failures).toHaveLength(1);
    const failure = failures[0] as ConsumerFailure;
    expect(failure.status).toBe('dead_letter');
    expect(failure.error).toBeInstanceOf(StreamGapError);
    const gap = failure.error as StreamGapError;
    expect(gap).toMatchObject({ stream, group: 'billing' });
    // The range reported holds the 20 trimmed entries and none of those left.
    const within = (id: string) => !idBefore(id, gap.from) && !idBefore(gap.to, id);
    expect(ids.map(within)).toEqual(ids.map((_, i) => i < 20));
    const dead = await deadLetters(stream);
    expect(
      dead.map(({ reason, errorName, sourceId, lastSourceId }) => ({ reason, errorName, sourceId, lastSourceId })),
    ).toEqual([{ reason: 'removed', errorName: 'StreamGapError', sourceId: gap.from, lastSourceId: gap.to }]);
  });

  it('reports a pending entry removed before its retry instead of acknowledging it in silence', async () => {
    let attempts = 0;
    const { consumer, stream, failures } = setup(async () => {
      attempts++;
      throw new Error('handler failed');
    });
    await consumer.start();
    const publisher = new RedisStreamPublisher({ redis, stream });
    await publisher.publish(shipped('vanishing'));
    await waitFor(() => attempts === 1);
    const [[id]] = (await redis.xrange(stream, '-', '+')) as [[string, string[]]];
    await redis.xdel(stream, id);
    await waitFor(() => failures.length === 2);
    expect(failures[0]?.status).toBe('retry');
    expect(failures[1]).toMatchObject({ status: 'dead_letter', attempts: 1 });
    expect(failures[1]?.error).toMatchObject({ name: 'StreamGapError', from: id, to: id });
    expect(((await redis.call('XPENDING', stream, 'billing')) as [number])[0]).toBe(0);
    expect((await deadLetters(stream)).map(({ sourceId, reason }) => ({ sourceId, reason }))).toEqual([
      { sourceId: id, reason: 'removed' },
    ]);
  });
});
