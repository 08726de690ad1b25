import { type Channel, type ChannelModel, connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction } from '../../src/index.js';
import { RabbitMQConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { rabbitAvailable, rabbitUrl, shipped, uniqueName, waitFor } from '../support/brokers.js';
import { withRejectionWatch } from '../support/quietHooks.js';

const available = await rabbitAvailable();

describe.runIf(available)('RabbitMQConsumer with a throwing onError hook', () => {
  let admin: ChannelModel;
  let channel: Channel;
  const exchange = uniqueName('tddd-hooks');
  const queue = uniqueName('tddd-hooks-queue');

  beforeAll(async () => {
    admin = await connect(rabbitUrl);
    channel = await admin.createChannel();
  });
  afterAll(async () => {
    for (const name of [queue, `${queue}.retry`, `${queue}.dead-letter`]) await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
    await admin.close();
  });

  it('retries and dead-letters as usual, and no rejection escapes', () =>
    withRejectionWatch(async ({ rejections, consoleError }) => {
      const handled: DomainEvent[] = [];
      let hookCalls = 0;
      const consumer = new RabbitMQConsumer<DomainEvent, MemoryTransaction>({
        url: rabbitUrl,
        exchange,
        queue,
        bindingKeys: ['ItemShipped'],
        consumer: queue,
        inbox: new InMemoryInbox(),
        handler: async (event) => {
          if (event.payload && (event.payload as { sku: string }).sku === 'poison') throw new Error('handler failed');
          handled.push(event);
        },
        retryDelayMs: 10,
        maxAttempts: 2,
        onError: () => {
          hookCalls++;
          throw new Error('the hook itself fails');
        },
      });
      const publisher = new RabbitMQPublisher({ url: rabbitUrl, exchange });
      try {
        await consumer.start();
        await publisher.publish(shipped('poison'));
        await publisher.publish(shipped('fine'));
        await waitFor(() => hookCalls === 2 && handled.length === 1);
        const dead = await waitForDeadLetter(channel, `${queue}.dead-letter`);
        expect(JSON.parse(dead)).toMatchObject({ payload: { sku: 'poison' } });
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(rejections).toEqual([]);
        expect(consoleError).toHaveBeenCalledWith('RabbitMQConsumer: the onError hook threw', expect.any(Error));
      } finally {
        await consumer.stop();
        await publisher.close();
      }
    }));
});

async function waitForDeadLetter(channel: Channel, name: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const message = await channel.get(name, { noAck: true });
    if (message !== false) return message.content.toString();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`nothing arrived in ${name}`);
}
