import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import * as z from 'zod';
import {
  type DomainEvent,
  defineEvent,
  type Inbox,
  type InboxMessage,
  InMemoryInbox,
  type InMemoryOutbox,
  inMemoryStore,
} from '../../src/index.js';

/** The test brokers: `RABBITMQ_URL` / `REDIS_URL`, or this machine's. */
export const rabbitUrl = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a broker answers; in CI it must (an unreachable broker fails instead of skipping). */
async function available(name: string, url: string, probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`CI needs ${name} at ${url}`, { cause: error });
    console.warn(`Skipping ${name} tests: nothing answers at ${url} (${String(error)})`);
    return false;
  }
}

export const rabbitAvailable = (): Promise<boolean> =>
  available('RabbitMQ', rabbitUrl, async () => {
    const connection = await connect(rabbitUrl);
    await connection.close();
  });

export const redisAvailable = (): Promise<boolean> =>
  available('Redis', redisUrl, async () => {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  });

/** A name no other test file uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Waits until `condition` holds, polling every 20 ms; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const ItemShipped = defineEvent('ItemShipped', z.object({ sku: z.string(), quantity: z.int().positive() }));

let version = 0;
/** A complete event envelope, as an aggregate would have raised it. */
export function shipped(sku: string, quantity = 1, metadata: DomainEvent['metadata'] = {}): DomainEvent {
  version++;
  return {
    id: randomUUID(),
    type: 'ItemShipped',
    schemaVersion: 1,
    aggregateId: `warehouse-${sku}`,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    payload: { sku, quantity },
    metadata: {
      correlationId: `req-${sku}`,
      causationId: `cmd-${sku}`,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      ...metadata,
    },
  };
}

/** A TCP port free on 127.0.0.1 at the time of asking, for a dedicated server. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A consumer's handler and inbox that record what happened: `handled` counts the handler's runs
 * per event id, `deliveries` the messages that reached the inbox (redeliveries included).
 */
export function deliveryRecorder(handlerDelayMs = 1) {
  const handled = new Map<string, number>();
  const inner = new InMemoryInbox();
  const recorder = {
    handled,
    deliveries: 0,
    /** How many inbox batches the consumer handed over. */
    batches: 0,
    inbox: {
      handleOnce: (consumer: string, id: string, handler: (tx: unknown) => Promise<void>) => {
        recorder.deliveries++;
        return inner.handleOnce(consumer, id, handler);
      },
      // Consumers hand it batches (their default), as they would a PostgresInbox.
      handleBatch: (consumer: string, messages: readonly InboxMessage<unknown>[]) => {
        recorder.deliveries += messages.length;
        recorder.batches++;
        return inner.handleBatch(consumer, messages);
      },
    } satisfies Inbox,
    handler: async (event: DomainEvent): Promise<void> => {
      handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, handlerDelayMs));
    },
    /** The ids handled more than once (or, impossibly, zero times). */
    handledTwice: (): string[] => [...handled].filter(([, n]) => n !== 1).map(([id]) => id),
  };
  return recorder;
}

/** Commits events to an in-memory outbox, as a store's session does. */
export async function addToOutbox(outbox: InMemoryOutbox, events: readonly DomainEvent[]): Promise<void> {
  await inMemoryStore({ outbox, aggregates: {} }).transaction((s) => {
    for (const event of events) s.publish(event);
  });
}
