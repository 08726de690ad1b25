import { type Channel, type ChannelModel, connect, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import {
  type DomainEvent,
  InMemoryInbox,
  InMemoryOutbox,
  type MemoryTransaction,
  ValidationError,
} from '../../src/index.js';
import { type ClosableSqlClient, migrate, PostgresInbox, type SqlClient } from '../../src/postgres/index.js';
import { type ConsumerFailure, RabbitMQConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { freshSchema, pgServer, serverAvailable } from '../postgres/fixtures.js';
import {
  addToOutbox,
  ItemShipped,
  rabbitAvailable,
  rabbitUrl,
  shipped,
  uniqueName,
  waitFor,
} from '../support/brokers.js';
import { caught } from '../support/caught.js';

const available = await rabbitAvailable();

describe.runIf(available)('RabbitMQ', () => {
  let admin: ChannelModel;
  let channel: Channel;
  const exchange = uniqueName('tddd-test');
  const queues: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    admin = await connect(rabbitUrl);
    channel = await admin.createChannel();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    for (const queue of queues) {
      for (const name of [queue, `${queue}.retry`, `${queue}.dead-letter`]) await channel.deleteQueue(name);
    }
    await channel.deleteExchange(exchange);
    await admin.close();
  });

  function consumerFor<TEvent extends DomainEvent = DomainEvent>(
    handler: (event: TEvent, tx: MemoryTransaction) => Promise<void>,
    options: { inbox?: InMemoryInbox; maxAttempts?: number; decode?: (event: DomainEvent) => TEvent } = {},
  ) {
    const queue = uniqueName('tddd-queue');
    queues.push(queue);
    const failures: ConsumerFailure[] = [];
    const consumer = new RabbitMQConsumer<TEvent, MemoryTransaction>({
      url: rabbitUrl,
      exchange,
      queue,
      bindingKeys: ['ItemShipped'],
      consumer: queue,
      inbox: options.inbox ?? new InMemoryInbox(),
      handler,
      retryDelayMs: 30,
      maxAttempts: options.maxAttempts ?? 3,
      ...(options.decode === undefined ? {} : { decode: options.decode }),
      onError: (failure) => failures.push(failure),
    });
    closers.push(() => consumer.stop());
    return { consumer, queue, failures };
  }

  function publisher(): RabbitMQPublisher {
    const p = new RabbitMQPublisher({ url: rabbitUrl, exchange });
    closers.push(() => p.close());
    return p;
  }

  it('publishes a claimed batch with one wait for confirms, in order, when an OutboxRelay drives it', async () => {
    const received: DomainEvent[] = [];
    const { consumer } = consumerFor(async (event) => {
      received.push(event);
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const events = Array.from({ length: 25 }, (_, i) => shipped(`batch-${i}`, 1 + (i % 3)));
    await addToOutbox(outbox, events);
    const inner = publisher();
    const batches: number[] = [];
    const counting = {
      publish: (event: DomainEvent) => inner.publish(event),
      publishBatch: async (batch: readonly DomainEvent[]) => {
        await inner.publishBatch(batch);
        batches.push(batch.length);
      },
    };
    expect(await new OutboxRelay({ outbox, publisher: counting, batchSize: 10 }).drain()).toBe(25);
    expect(batches).toEqual([10, 10, 5]);
    await waitFor(() => received.length === 25);
    expect(received.map((event) => event.id)).toEqual(events.map((event) => event.id));
    await inner.publishBatch([]);
  });

  it('carries an event from the outbox through the broker to the handler, with its envelope and properties', async () => {
    const received: DomainEvent[] = [];
    const { consumer, queue } = consumerFor(async (event) => {
      received.push(event);
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const event = shipped('round-trip', 2);
    await addToOutbox(outbox, [event]);
    expect(await new OutboxRelay({ outbox, publisher: publisher() }).drain()).toBe(1);
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual(event);
    expect(outbox.pending).toEqual([]);

    // The AMQP properties mirror the envelope, for tooling that does not read bodies.
    await consumer.stop();
    await publisher().publish(event);
    const message = await waitForMessage(channel, queue);
    expect(message.properties).toMatchObject({
      messageId: event.id,
      type: 'ItemShipped',
      contentType: 'application/json',
      deliveryMode: 2,
      correlationId: 'req-round-trip',
      headers: { 'causation-id': 'cmd-round-trip', traceparent: event.metadata.traceparent },
    });
    expect(message.fields.routingKey).toBe('ItemShipped');
    channel.ack(message);
  });

  it('relay crash between publish and commit: the consumer sees the message twice, the Postgres inbox handles it once', async () => {
    if (!(await serverAvailable())) return;
    const client: ClosableSqlClient = await pgServer.open();
    const schema = freshSchema();
    await migrate(client, { schema });
    try {
      const deliveries: string[] = [];
      const real = new PostgresInbox({ client, schema });
      // PostgresInbox satisfies the Inbox port structurally; this wrapper only counts deliveries.
      const counting = {
        handleOnce: (consumer: string, id: string, handler: (tx: SqlClient) => Promise<void>) => {
          deliveries.push(id);
          return real.handleOnce(consumer, id, handler);
        },
      };
      const queue = uniqueName('tddd-queue');
      queues.push(queue);
      const consumer = new RabbitMQConsumer({
        url: rabbitUrl,
        exchange,
        queue,
        bindingKeys: ['ItemShipped'],
        consumer: 'billing',
        inbox: counting,
        handler: async (event, tx) => {
          await tx.query(`CREATE TABLE IF NOT EXISTS ${schema}.handled (id text)`);
          await tx.query(`INSERT INTO ${schema}.handled VALUES ($1)`, [event.id]);
        },
      });
      closers.push(() => consumer.stop());
      await consumer.start();
      const rabbit = publisher();
      let crashes = 1;
      // The broker confirmed the message, then the relay died before marking the row published.
      const crashing = {
        publish: async (event: DomainEvent) => {
          await rabbit.publish(event);
          if (crashes-- > 0) throw new Error('relay crashed before its commit');
        },
      };
      const outbox = new InMemoryOutbox();
      const event = shipped('crash');
      await addToOutbox(outbox, [event]);
      const relay = new OutboxRelay({ outbox, publisher: crashing, retryDelayMs: () => 0 });
      await caught(() => relay.drain());
      expect(outbox.pending).toHaveLength(1);
      expect(await relay.drain()).toBe(1);
      await waitFor(() => deliveries.length === 2);
      await consumer.stop();
      const rows = await client.query(`SELECT id FROM ${schema}.handled`);
      expect(rows.rows).toEqual([{ id: event.id }]);
    } finally {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.close();
    }
  });

  it('handles deliveries in Postgres inbox batches: a failing one is retried alone, the others commit once', async () => {
    if (!(await serverAvailable())) return;
    const client: ClosableSqlClient = await pgServer.open();
    const schema = freshSchema();
    await migrate(client, { schema });
    await client.query(`CREATE TABLE ${schema}.handled (id text NOT NULL)`);
    try {
      const real = new PostgresInbox({ client, schema });
      const batches: number[] = [];
      const counting = {
        handleOnce: real.handleOnce.bind(real),
        handleBatch: (consumer: string, messages: Parameters<PostgresInbox['handleBatch']>[1]) => {
          batches.push(messages.length);
          return real.handleBatch(consumer, messages);
        },
      };
      const queue = uniqueName('tddd-queue');
      queues.push(queue);
      const failures: ConsumerFailure[] = [];
      let failed = false;
      const consumer = new RabbitMQConsumer({
        url: rabbitUrl,
        exchange,
        queue,
        bindingKeys: ['ItemShipped'],
        consumer: 'billing',
        inbox: counting,
        prefetch: 50,
        inboxBatchSize: 10,
        retryDelayMs: 30,
        handler: async (event, tx) => {
          await tx.query(`INSERT INTO ${schema}.handled VALUES ($1)`, [event.id]);
          if ((event.payload as { sku: string }).sku === 'flaky' && !failed) {
            failed = true;
            throw new Error('flaky handler');
          }
        },
        onError: (failure) => failures.push(failure),
      });
      closers.push(() => consumer.stop());
      await consumer.start();
      const events = Array.from({ length: 40 }, (_, i) => shipped(i === 17 ? 'flaky' : `item-${i}`));
      await publisher().publishBatch(events);
      const count = async () => Number((await client.query(`SELECT count(*) AS n FROM ${schema}.handled`)).rows[0]?.n);
      await waitFor(async () => (await count()) === 40);
      await consumer.stop();
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${schema}.handled`);
      expect(rows.map((row) => row.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(failures.map((f) => [f.status, f.event?.id])).toEqual([['retry', events[17]?.id]]);
      expect(Math.max(...batches)).toBeGreaterThan(1);
      expect(Math.max(...batches)).toBeLessThanOrEqual(10);
      // Everything was acknowledged: nothing is left in the queue.
      expect((await channel.checkQueue(queue)).messageCount).toBe(0);
    } finally {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.close();
    }
  });

  it('gathers the deliveries that arrive while two inbox transactions run into one batch (group commit)', async () => {
    const real = new InMemoryInbox();
    // Every inbox transaction waits for its gate: the test decides when each one ends.
    const sizes: number[] = [];
    const gates: (() => void)[] = [];
    let open = false;
    const gate = async (size: number) => {
      sizes.push(size);
      if (!open) await new Promise<void>((resolve) => gates.push(resolve));
    };
    const inbox = {
      handleOnce: async (...args: Parameters<InMemoryInbox['handleOnce']>) => {
        await gate(1);
        return real.handleOnce(...args);
      },
      handleBatch: async (...args: Parameters<InMemoryInbox['handleBatch']>) => {
        await gate(args[1].length);
        return real.handleBatch(...args);
      },
    };
    const queue = uniqueName('tddd-queue');
    queues.push(queue);
    let handled = 0;
    const consumer = new RabbitMQConsumer<DomainEvent, MemoryTransaction>({
      url: rabbitUrl,
      exchange,
      queue,
      bindingKeys: ['ItemShipped'],
      consumer: queue,
      inbox,
      prefetch: 100,
      inboxBatchSize: 20,
      handler: async () => {
        handled++;
      },
    });
    closers.push(() => consumer.stop());
    await consumer.start();
    const out = publisher();
    // Idle: a lone delivery starts at once, and so does a second while only one runs.
    await out.publish(shipped('first'));
    await waitFor(() => sizes.length === 1);
    await out.publish(shipped('second'));
    await waitFor(() => sizes.length === 2);
    // Two running: ten more wait (short of a full batch) ...
    await out.publishBatch(Array.from({ length: 10 }, (_, i) => shipped(`later-${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sizes).toEqual([1, 1]);
    // ... and start together, in one transaction, when one of the two ends.
    gates.shift()?.();
    await waitFor(() => sizes.length === 3);
    expect(sizes).toEqual([1, 1, 10]);
    open = true;
    for (const release of gates.splice(0)) release();
    await waitFor(() => handled === 12);
    await consumer.stop();
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
  });

  it('dead-letters a poison message after maxAttempts, with its error', async () => {
    let calls = 0;
    const { consumer, queue, failures } = consumerFor(async () => {
      calls++;
      throw new Error(`handler failed (${calls})`);
    });
    await consumer.start();
    const event = shipped('poison');
    await publisher().publish(event);
    const dead = await waitForMessage(channel, `${queue}.dead-letter`);
    expect(calls).toBe(3);
    expect(JSON.parse(dead.content.toString())).toEqual(event);
    expect(dead.properties.headers).toMatchObject({
      'x-attempts': 3,
      'x-error': 'handler failed (3)',
      'x-error-name': 'Error',
      'x-dead-letter-reason': 'max_attempts',
      'x-consumer': queue,
      'x-original-routing-key': 'ItemShipped',
    });
    expect(failures.map((f) => f.status)).toEqual(['retry', 'retry', 'dead_letter']);
    channel.ack(dead);
  });

  it('dead-letters bytes that are not an envelope, and a payload the decoder rejects, at once', async () => {
    let calls = 0;
    const { consumer, queue } = consumerFor(
      async () => {
        calls++;
      },
      { decode: (event) => ItemShipped.parse(event) },
    );
    await consumer.start();
    channel.publish(exchange, 'ItemShipped', Buffer.from('not json'));
    const garbage = await waitForMessage(channel, `${queue}.dead-letter`);
    expect(garbage.properties.headers).toMatchObject({
      'x-attempts': 1,
      'x-error-name': 'MessageDecodeError',
      'x-dead-letter-reason': 'undecodable',
    });
    channel.ack(garbage);
    await publisher().publish({ ...shipped('x'), payload: { sku: 'x', quantity: -1 } });
    const invalid = await waitForMessage(channel, `${queue}.dead-letter`);
    expect(invalid.properties.headers?.['x-error']).toMatch(/payload\.quantity/);
    channel.ack(invalid);
    expect(calls).toBe(0);
  });

  it('rejects bad options with a ValidationError naming the option', async () => {
    const base = {
      url: rabbitUrl,
      exchange,
      queue: 'q',
      consumer: 'c',
      inbox: new InMemoryInbox(),
      handler: async () => {},
    };
    for (const [patch, field] of [
      [{ queue: '' }, 'queue'],
      [{ consumer: '' }, 'consumer'],
      [{ maxAttempts: 0 }, 'maxAttempts'],
      [{ prefetch: 0 }, 'prefetch'],
      [{ retryDelayMs: -1 }, 'retryDelayMs'],
    ] as const) {
      const error = await caught(() => new RabbitMQConsumer({ ...base, ...patch }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(
      ((await caught(() => new RabbitMQPublisher({ url: rabbitUrl, exchange: '' }))) as ValidationError).field,
    ).toBe('exchange');
  });

  it('rejects a publish when the broker cannot be reached, so the relay retries it', async () => {
    const unreachable = new RabbitMQPublisher({ url: 'amqp://guest:guest@127.0.0.1:1', exchange });
    await expect(unreachable.publish(shipped('nowhere'))).rejects.toThrow(/ECONNREFUSED/);
    await unreachable.close();
  });
});

async function waitForMessage(channel: Channel, queue: string): Promise<GetMessage> {
  const found: GetMessage[] = [];
  await waitFor(async () => {
    const message = await channel.get(queue);
    if (message !== false) found.push(message);
    return found.length > 0;
  });
  return found[0] as GetMessage;
}
