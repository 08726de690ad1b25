import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { type DomainEvent, InMemoryInbox, type InMemoryOutbox, type MemoryTransaction } from '../../src/index.js';
import { RedisStreamConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { redisAvailable, waitFor } from '../support/brokers.js';
import { useRedisStream } from '../support/redisStream.js';
import { app, confirmUnderRequest, spanTree, telemetry } from './fixture.js';

const available = await redisAvailable();

describe.runIf(available)('openTelemetry across Redis Streams', () => {
  const context = useRedisStream('tddd-otel');
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('keeps one trace from the request through the relay, the broker, the process manager and its next command', async () => {
    const { redis, stream } = context;
    const { exporter, tracer, observer, histogram } = telemetry();
    const built = app(observer);
    const handled: string[] = [];
    const consumer = new RedisStreamConsumer<DomainEvent, MemoryTransaction>({
      redis,
      stream,
      group: 'fulfilment',
      consumer: 'fulfilment',
      inbox: new InMemoryInbox(),
      handler: async (event) => {
        await built.fulfilment.handle(event);
        handled.push(event.type);
      },
      blockMs: 50,
      observer,
    });
    await consumer.start();
    stops.push(() => consumer.stop());
    const relay = new OutboxRelay({
      outbox: built.store.outbox as InMemoryOutbox,
      publisher: new RedisStreamPublisher({ redis, stream }),
      commands: (command) => built.commandBus.dispatch(command),
      pollIntervalMs: 20,
      observer,
    });
    relay.start();
    stops.push(() => relay.stop());

    const traceId = await confirmUnderRequest(built, tracer, 'o-redis');
    await waitFor(() => handled.includes('StockReserved'));
    await waitFor(() => exporter.getFinishedSpans().some((span) => span.name === 'process StockReserved'));

    expect(spanTree(exporter.getFinishedSpans(), traceId)).toEqual([
      'POST /orders/:id/confirm',
      '  command ConfirmOrder',
      '    commit inMemoryStore',
      '      publish OrderConfirmed',
      '        process OrderConfirmed',
      '          process OrderConfirmed',
      '            commit inMemoryStore',
      '              publish ReserveStock',
      '                command ReserveStock',
      '                  commit inMemoryStore',
      '                    publish StockReserved',
      '                      process StockReserved',
    ]);
    const consumed = exporter
      .getFinishedSpans()
      .filter((span) => span.spanContext().traceId === traceId && span.kind === SpanKind.CONSUMER);
    const group = (span: (typeof consumed)[number] | undefined) => span?.attributes['messaging.consumer.group.name'];
    expect(consumed.map(group).sort()).toEqual(['OrderFulfilment', 'fulfilment', 'fulfilment']);
    // The process manager's span is the child of the broker consumer's.
    const saga = consumed.find((span) => group(span) === 'OrderFulfilment');
    const parent = consumed.find((span) => span.spanContext().spanId === saga?.parentSpanContext?.spanId);
    expect(group(parent)).toBe('fulfilment');
    expect(parent?.attributes).toMatchObject({
      'messaging.message.delivery_attempt': 1,
      'ddd.aggregate.id': 'o-redis',
      'ddd.stream.version': 2,
      'ddd.delivery.status': 'handled',
    });
    const lag = await histogram('ddd.consumer.lag');
    expect(
      lag
        .filter((point) => point.attributes['messaging.consumer.group.name'] === 'fulfilment')
        .map((point) => [point.attributes['ddd.message.type'], point.value.count]),
    ).toEqual([
      ['OrderConfirmed', 1],
      ['StockReserved', 1],
    ]);
  });
});
