import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import {
  type DomainEvent,
  type Inbox,
  InMemoryInbox,
  InMemoryOutbox,
  type MemoryTransaction,
  ValidationError,
} from '../../src/index.js';
import { type ConsumerFailure, RedisStreamConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import {
  addToOutbox,
  ItemShipped,
  redisAvailable,
  redisUrl,
  shipped,
  uniqueName,
  waitFor,
} from '../support/brokers.js';
import { caught } from '../support/caught.js';

const available = await redisAvailable();

describe.runIf(available)('Redis Streams', () => {
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

  function setup<TEvent extends DomainEvent = DomainEvent>(
    handler: (event: TEvent, tx: MemoryTransaction) => Promise<void>,
    options: {
      decode?: (event: DomainEvent) => TEvent;
      consumerName?: string;
      stream?: string;
      inbox?: Inbox<MemoryTransaction>;
      inboxBatchSize?: number;
    } = {},
  ) {
    const stream = options.stream ?? uniqueName('tddd-stream');
    streams.push(stream);
    const failures: ConsumerFailure[] = [];
    const consumer = new RedisStreamConsumer<TEvent, MemoryTransaction>({
      redis,
      stream,
      group: 'billing',
      consumer: 'billing',
      inbox: options.inbox ?? new InMemoryInbox(),
      handler,
      maxAttempts: 3,
      retryDelayMs: 30,
      claimIdleMs: 200,
      blockMs: 100,
      ...(options.consumerName === undefined ? {} : { consumerName: options.consumerName }),
      ...(options.inboxBatchSize === undefined ? {} : { inboxBatchSize: options.inboxBatchSize }),
      ...(options.decode === undefined ? {} : { decode: options.decode }),
      onError: (failure) => failures.push(failure),
    });
    closers.push(() => consumer.stop());
    return { consumer, stream, failures, publisher: new RedisStreamPublisher({ redis, stream, maxLength: 10_000 }) };
  }

  const pending = async (stream: string) => ((await redis.call('XPENDING', stream, 'billing')) as [number])[0];

  it('appends a claimed batch in one pipeline, in order; a bad entry fails the batch and only it is held back', async () => {
    const received: DomainEvent[] = [];
    const { consumer, stream } = setup(async (event) => {
      received.push(event);
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const events = Array.from({ length: 12 }, (_, i) => shipped(`pipe-${i}`, 1));
    await addToOutbox(outbox, events);
    const calls: string[] = [];
    const inner = new RedisStreamPublisher({
      redis,
      // One event names no stream: XADD cannot take it.
      stream: (event) => (event.id === events[8]?.id ? '' : stream),
    });
    const counting = {
      publish: (event: DomainEvent) => {
        calls.push('publish');
        return inner.publish(event);
      },
      publishBatch: (batch: readonly DomainEvent[]) => {
        calls.push(`batch of ${batch.length}`);
        return inner.publishBatch(batch);
      },
    };
    const relay = new OutboxRelay({ outbox, publisher: counting, batchSize: 5, retryDelayMs: () => 60_000 });
    expect(await caught(() => relay.drain())).toBeInstanceOf(ValidationError);
    // The second batch failed as a whole, then went out one at a time up to the bad entry.
    expect(calls).toEqual(['batch of 5', 'batch of 5', 'publish', 'publish', 'publish', 'publish']);
    expect(outbox.pending.map((message) => message.id)).toEqual(events.slice(8).map((event) => event.id));
    expect(outbox.pending[0]).toMatchObject({ attempts: 1 });
    await waitFor(() => received.length === 8);
    expect(received.map((event) => event.id)).toEqual(events.slice(0, 8).map((event) => event.id));
    await inner.publishBatch([]);
  });

  it('carries an event from the outbox through a stream to the handler, and acknowledges it', async () => {
    const received: DomainEvent[] = [];
    const { consumer, stream, publisher } = setup(async (event) => {
      received.push(event);
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const event = shipped('round-trip', 3);
    await addToOutbox(outbox, [event]);
    expect(await new OutboxRelay({ outbox, publisher }).drain()).toBe(1);
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual(event);
    await waitFor(async () => (await pending(stream)) === 0);
    const entries = (await redis.call('XRANGE', stream, '-', '+')) as [string, string[]][];
    expect(entries[0]?.[1].slice(0, 2)).toEqual(['type', 'ItemShipped']);
  });

  it('relay crash between publish and commit: two entries, one handling', async () => {
    let runs = 0;
    let deliveries = 0;
    const inbox = new InMemoryInbox();
    const counting: Inbox<MemoryTransaction> = {
      handleOnce: (c, id, h) => {
        deliveries++;
        return inbox.handleOnce(c, id, h);
      },
    };
    const { consumer, stream, publisher } = setup(
      async () => {
        runs++;
      },
      { inbox: counting },
    );
    await consumer.start();
    let crashes = 1;
    const crashing = {
      publish: async (event: DomainEvent) => {
        await publisher.publish(event);
        if (crashes-- > 0) throw new Error('relay crashed before its commit');
      },
    };
    const outbox = new InMemoryOutbox();
    await addToOutbox(outbox, [shipped('crash')]);
    const relay = new OutboxRelay({ outbox, publisher: crashing, retryDelayMs: () => 0 });
    await caught(() => relay.drain());
    expect(await relay.drain()).toBe(1);
    await waitFor(() => deliveries === 2);
    expect(runs).toBe(1);
    expect(await redis.xlen(stream)).toBe(2);
    await waitFor(async () => (await pending(stream)) === 0);
  });

  it('handles a read in inbox batches: a failing entry stays pending alone and is retried, the others are acknowledged', async () => {
    const inbox = new InMemoryInbox();
    const batches: number[] = [];
    const counting: Inbox<MemoryTransaction> = {
      handleOnce: inbox.handleOnce.bind(inbox),
      handleBatch: (consumer, messages) => {
        batches.push(messages.length);
        return inbox.handleBatch(consumer, messages);
      },
    };
    const handled: string[] = [];
    let failed = false;
    const { consumer, stream, publisher, failures } = setup(
      async (event) => {
        if ((event.payload as { sku: string }).sku === 'flaky' && !failed) {
          failed = true;
          throw new Error('flaky handler');
        }
        handled.push(event.id);
      },
      { inbox: counting, inboxBatchSize: 10 },
    );
    const events = Array.from({ length: 40 }, (_, i) => shipped(i === 17 ? 'flaky' : `item-${i}`));
    await publisher.publishBatch(events);
    await consumer.start();
    await waitFor(() => handled.length === 40);
    expect([...handled].sort()).toEqual(events.map((e) => e.id).sort());
    expect(failures.map((f) => [f.status, f.event?.id])).toEqual([['retry', events[17]?.id]]);
    // The first read takes the 40 entries, handled ten to a transaction; the retry comes alone.
    expect(batches.slice(0, 4)).toEqual([10, 10, 10, 10]);
    await waitFor(async () => (await pending(stream)) === 0);
  });

  it('dead-letters a poison message after maxAttempts, with its error, and acknowledges it', async () => {
    let calls = 0;
    const { consumer, stream, publisher, failures } = setup(async () => {
      calls++;
      throw new Error(`handler failed (${calls})`);
    });
    await consumer.start();
    const event = shipped('poison');
    await publisher.publish(event);
    await waitFor(async () => (await redis.xlen(`${stream}:dead-letter`)) === 1);
    const [entry] = (await redis.call('XRANGE', `${stream}:dead-letter`, '-', '+')) as [string, string[]][];
    const fields = entry?.[1] ?? [];
    const dead = Object.fromEntries(fields.flatMap((_, i) => (i % 2 === 0 ? [[fields[i], fields[i + 1]]] : [])));
    expect(JSON.parse(dead.envelope as string)).toEqual(event);
    expect(dead).toMatchObject({
      error: 'handler failed (3)',
      errorName: 'Error',
      attempts: '3',
      reason: 'max_attempts',
    });
    expect(calls).toBe(3);
    expect(failures.map((f) => f.status)).toEqual(['retry', 'retry', 'dead_letter']);
    await waitFor(async () => (await pending(stream)) === 0);
  });

  it('dead-letters an undecodable entry and a payload the decoder rejects at once', async () => {
    let calls = 0;
    const { consumer, stream, publisher } = setup(
      async () => {
        calls++;
      },
      { decode: (event) => ItemShipped.parse(event) },
    );
    await consumer.start();
    await redis.xadd(stream, '*', 'envelope', '{oops');
    await publisher.publish({ ...shipped('bad'), payload: { sku: 'bad', quantity: 0 } });
    await waitFor(async () => (await redis.xlen(`${stream}:dead-letter`)) === 2);
    const entries = (await redis.call('XRANGE', `${stream}:dead-letter`, '-', '+')) as [string, string[]][];
    expect(entries.map(([, f]) => f[f.indexOf('errorName') + 1])).toEqual(['MessageDecodeError', 'MessageDecodeError']);
    expect(entries.map(([, f]) => f[f.indexOf('attempts') + 1])).toEqual(['1', '1']);
    expect(calls).toBe(0);
  });

  it('reclaims the pending entries of a consumer that crashed before its ack', async () => {
    const stream = uniqueName('tddd-stream');
    // A consumer of the group read the entry, then died without acknowledging it.
    await redis.call('XGROUP', 'CREATE', stream, 'billing', '0', 'MKSTREAM');
    const event = shipped('orphan');
    await new RedisStreamPublisher({ redis, stream }).publish(event);
    await redis.call('XREADGROUP', 'GROUP', 'billing', 'crashed', 'COUNT', 10, 'STREAMS', stream, '>');
    const received: DomainEvent[] = [];
    const { consumer } = setup(
      async (e) => {
        received.push(e);
      },
      { stream, consumerName: 'survivor' },
    );
    await consumer.start();
    await waitFor(() => received.length === 1, 5000);
    expect(received[0]?.id).toBe(event.id);
    await waitFor(async () => (await pending(stream)) === 0);
  });

  it('rejects bad options with a ValidationError naming the option', async () => {
    const base = { redis, stream: 's', group: 'g', consumer: 'c', inbox: new InMemoryInbox(), handler: async () => {} };
    for (const [patch, field] of [
      [{ stream: '' }, 'stream'],
      [{ group: '' }, 'group'],
      [{ consumer: '' }, 'consumer'],
      [{ maxAttempts: 0 }, 'maxAttempts'],
      [{ batchSize: 0 }, 'batchSize'],
      [{ claimIdleMs: 0 }, 'claimIdleMs'],
    ] as const) {
      const error = await caught(() => new RedisStreamConsumer({ ...base, ...patch }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(((await caught(() => new RedisStreamPublisher({ redis, stream: '' }))) as ValidationError).field).toBe(
      'stream',
    );
    expect(
      ((await caught(() => new RedisStreamPublisher({ redis, stream: 's', maxLength: 0 }))) as ValidationError).field,
    ).toBe('maxLength');
  });
});
