/**
 * Lost connections during a run of 1,000 messages, simulated with a TCP proxy in front of the
 * shared RabbitMQ: every connection of this test (publisher and consumer) is cut and new ones are
 * refused for a while, as a broker restart looks to its clients, without disturbing the other test
 * files that use the same broker in parallel. Messages stay in the durable queue meanwhile.
 * restart.int.test.ts kills and restarts a real (dedicated) RabbitMQ node.
 */
import { connect } from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { InMemoryOutbox } from '../../src/index.js';
import { type ConsumerFailure, RabbitMQConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import {
  addToOutbox,
  deliveryRecorder,
  rabbitAvailable,
  rabbitUrl,
  shipped,
  uniqueName,
  waitFor,
} from '../support/brokers.js';
import { TcpProxy } from '../support/tcpProxy.js';

const available = await rabbitAvailable();

describe.runIf(available)('RabbitMQ outage during a run', () => {
  const exchange = uniqueName('tddd-outage');
  const queue = uniqueName('tddd-outage-queue');
  const proxy = new TcpProxy(Number(new URL(rabbitUrl).port || 5672));

  afterAll(async () => {
    await proxy.close();
    const admin = await connect(rabbitUrl);
    const channel = await admin.createChannel();
    for (const name of [queue, `${queue}.retry`, `${queue}.dead-letter`]) await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
    await admin.close();
  });

  it('delivers all 1,000 messages and handles none twice when the connections drop midway', async () => {
    const port = await proxy.listen();
    const url = new URL(rabbitUrl);
    url.port = String(port);
    const recorder = deliveryRecorder();
    const { handled } = recorder;
    const failures: ConsumerFailure[] = [];
    const consumer = new RabbitMQConsumer({
      url: url.toString(),
      exchange,
      queue,
      consumer: 'outage',
      inbox: recorder.inbox,
      handler: recorder.handler,
      reconnectDelayMs: 100,
      onError: (failure) => failures.push(failure),
    });
    await consumer.start();
    const publisher = new RabbitMQPublisher({ url: url.toString(), exchange });
    const outbox = new InMemoryOutbox();
    const relay = new OutboxRelay({ outbox, publisher, pollIntervalMs: 20, retryDelayMs: () => 50, onError: () => {} });
    const events = Array.from({ length: 1000 }, (_, i) => shipped(`outage-${i}`));
    relay.start();
    for (let i = 0; i < events.length; i += 100) await addToOutbox(outbox, events.slice(i, i + 100));

    await waitFor(() => handled.size >= 300, 30_000);
    await proxy.interrupt(500);
    await waitFor(() => handled.size === 1000, 60_000);
    await relay.stop();
    await consumer.stop();
    await publisher.close();

    expect(recorder.handledTwice()).toEqual([]);
    // Through inbox batches (the consumers' default), with the same guarantees.
    expect(recorder.batches).toBeGreaterThan(0);
    expect(outbox.pending).toEqual([]);
    expect(failures.map((f) => f.status)).toContain('connection');
    expect(recorder.deliveries).toBeGreaterThanOrEqual(1000);
  }, 120_000);
});
