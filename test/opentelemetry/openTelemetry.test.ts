import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { handleDelivery } from '../../src/cqrs/handleDelivery.js';
import { defineQuery, EventBus, OutboxRelay, QueryBus } from '../../src/cqrs/index.js';
import { encodeMessage } from '../../src/cqrs/messageEnvelope.js';
import { InMemoryInbox, type InMemoryOutbox, type Observer } from '../../src/index.js';
import { openTelemetry, traceContextOf, traceMetadata } from '../../src/opentelemetry/index.js';
import { app, ConfirmOrder, confirmUnderRequest, Order, spanTree, telemetry } from './fixture.js';

describe('openTelemetry with the in-memory buses', () => {
  it('traces request → command → commit → relay → process manager → commit → relay → next command in one trace', async () => {
    const { exporter, tracer, observer, histogram } = telemetry();
    const built = app(observer);
    const eventBus = new EventBus();
    built.fulfilment.subscribe(eventBus);
    const relay = new OutboxRelay({
      outbox: built.store.outbox as InMemoryOutbox,
      publisher: eventBus,
      commands: (command) => built.commandBus.dispatch(command),
      observer,
    });
    const traceId = await confirmUnderRequest(built, tracer, 'o-1');
    expect(await relay.drain()).toBe(3);

    expect(spanTree(exporter.getFinishedSpans(), traceId)).toEqual([
      'POST /orders/:id/confirm',
      '  command ConfirmOrder',
      '    commit inMemoryStore',
      '      publish OrderConfirmed',
      '        process OrderConfirmed',
      '          commit inMemoryStore',
      '            publish ReserveStock',
      '              command ReserveStock',
      '                commit inMemoryStore',
      '                  publish StockReserved',
    ]);
    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.filter((span) => span.name === name);
    const [confirm] = named('command ConfirmOrder');
    expect(confirm?.kind).toBe(SpanKind.INTERNAL);
    expect(confirm?.attributes).toMatchObject({
      'ddd.message.type': 'ConfirmOrder',
      'ddd.message.kind': 'command',
      'messaging.message.conversation_id': 'req-o-1',
    });
    const orderCommit = spans.find((span) => span.parentSpanContext?.spanId === confirm?.spanContext().spanId);
    expect(orderCommit?.attributes).toMatchObject({
      'ddd.store': 'inMemoryStore',
      'ddd.aggregate.type': 'Order',
      'ddd.aggregate.id': 'o-1',
      'ddd.stream.version': 2,
      'ddd.commit.messages': 1,
    });
    const [published] = named('publish OrderConfirmed');
    expect(published?.kind).toBe(SpanKind.PRODUCER);
    expect(published?.attributes).toMatchObject({ 'ddd.aggregate.id': 'o-1', 'ddd.stream.version': 2 });
    const [processed] = named('process OrderConfirmed');
    expect(processed?.kind).toBe(SpanKind.CONSUMER);
    expect(processed?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'OrderFulfilment',
      'ddd.delivery.status': 'handled',
    });

    const dispatches = await histogram('ddd.dispatch.duration');
    expect(dispatches.map((point) => point.attributes['ddd.message.type']).sort()).toEqual([
      'ConfirmOrder',
      'ReserveStock',
    ]);
    for (const point of dispatches) {
      expect(point.attributes['ddd.outcome']).toBe('ok');
      expect(point.value.count).toBe(1);
    }
    const lag = await histogram('ddd.outbox.lag');
    expect(lag.map((point) => point.attributes['ddd.message.type']).sort()).toEqual([
      'OrderConfirmed',
      'ReserveStock',
      'StockReserved',
    ]);
    for (const point of lag) expect(point.value.min).toBeGreaterThanOrEqual(0);
    expect(
      (await histogram('ddd.consumer.lag')).map((point) => point.attributes['messaging.consumer.group.name']),
    ).toEqual(['OrderFulfilment']);
  });

  it('records a failing dispatch and commit as errors with their code, and the error still reaches the caller', async () => {
    const { exporter, observer, histogram } = telemetry();
    const built = app(observer);
    await built.store.orders.save(Order.place('o-2', 'SKU-1', 1));
    await built.commandBus.dispatch(ConfirmOrder({ orderId: 'o-2' }));
    await expect(built.commandBus.dispatch(ConfirmOrder({ orderId: 'o-2' }))).rejects.toMatchObject({
      code: 'core.invariant_violation',
    });
    const failed = exporter.getFinishedSpans().filter((span) => span.status.code === SpanStatusCode.ERROR);
    expect(failed.map((span) => span.name)).toEqual(['command ConfirmOrder']);
    expect(failed[0]?.attributes['error.type']).toBe('core.invariant_violation');
    expect(failed[0]?.events.map((event) => event.name)).toEqual(['exception']);
    const outcomes = (await histogram('ddd.dispatch.duration')).map((point) => point.attributes);
    expect(outcomes).toContainEqual({
      'ddd.message.type': 'ConfirmOrder',
      'ddd.message.kind': 'command',
      'ddd.outcome': 'error',
      'error.type': 'core.invariant_violation',
    });
  });

  it('starts from the active span when the metadata carries no trace context', async () => {
    const { exporter, tracer, observer } = telemetry();
    const built = app(observer);
    await built.store.orders.save(Order.place('o-3', 'SKU-1', 1));
    const parent = tracer.startSpan('job');
    const base = trace.setSpan(ROOT_CONTEXT, parent);
    // No context manager is registered: the parent comes through traceContextOf's base.
    expect(traceContextOf({}, base)).toBe(base);
    await built.commandBus.dispatch(ConfirmOrder({ orderId: 'o-3' }), { metadata: traceMetadata(base) });
    parent.end();
    const dispatched = exporter.getFinishedSpans().find((span) => span.name === 'command ConfirmOrder');
    expect(dispatched?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });
});

describe('openTelemetry without an SDK (the API alone)', () => {
  it('stamps no trace context of its own: an invalid one never reaches the events, a given one passes unchanged', async () => {
    const built = app(openTelemetry());
    await built.store.orders.save(Order.place('o-6', 'SKU-1', 1));
    await built.store.orders.save(Order.place('o-7', 'SKU-1', 1));
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await built.commandBus.dispatch(ConfirmOrder({ orderId: 'o-6' }));
    await built.commandBus.dispatch(ConfirmOrder({ orderId: 'o-7' }), { metadata: { traceparent } });
    const carried = (built.store.outbox as InMemoryOutbox).pending.map((m) =>
      m.kind === 'event' ? m.event.metadata.traceparent : 'not an event',
    );
    expect(carried).toEqual([undefined, traceparent]);
  });
});

describe('openTelemetry on a QueryBus', () => {
  it('gives each query a span and a duration, with its kind', async () => {
    const { exporter, observer, histogram } = telemetry();
    const GetOrder = defineQuery('GetOrder', z.object({ id: z.string() }), z.string());
    const queries = new QueryBus({ observer }).register(GetOrder, (query) => `order ${query.payload.id}`);
    expect(await queries.dispatch(GetOrder({ id: 'o-5' }))).toBe('order o-5');
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.attributes['ddd.message.kind']])).toEqual([
      ['query GetOrder', 'query'],
    ]);
    expect((await histogram('ddd.dispatch.duration')).map((point) => point.attributes['ddd.message.kind'])).toEqual([
      'query',
    ]);
  });
});

describe('W3C trace context in metadata', () => {
  it('round-trips traceparent and tracestate', () => {
    const metadata = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    };
    expect(traceMetadata(traceContextOf(metadata, ROOT_CONTEXT))).toEqual(metadata);
  });

  it('ignores malformed or hostile trace context: the span starts a trace of its own', () => {
    const hostile: unknown[] = [
      undefined,
      42,
      { toString: () => '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      '',
      'garbage',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01', // all-zero trace id
      '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', // all-zero span id
      'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', // forbidden version
      '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01', // upper case
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01${'x'.repeat(100_000)}`.replace('-01x', '-01 x'),
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\u{1F4A5}',
    ];
    for (const traceparent of hostile) {
      expect(traceContextOf({ traceparent }, ROOT_CONTEXT), String(traceparent).slice(0, 60)).toBe(ROOT_CONTEXT);
    }
    // An oversized tracestate is dropped; the traceparent still counts.
    const kept = traceContextOf(
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: `a=${'b'.repeat(600)}` },
      ROOT_CONTEXT,
    );
    expect(traceMetadata(kept)).toEqual({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(traceMetadata(ROOT_CONTEXT)).toEqual({});
  });
});

describe('observer hooks that throw', () => {
  it('are reported, and the dispatch, commit, relay and delivery go on unobserved', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const throwing: Observer = {
        dispatch: () => {
          throw new Error('dispatch hook');
        },
        commit: () => ({
          end: () => {
            throw new Error('commit end');
          },
        }),
        relay: () => {
          throw new Error('relay hook');
        },
        deliver: () => ({
          metadata: { traceparent: 'from-the-hook' },
          end: () => {
            throw new Error('deliver end');
          },
        }),
      };
      const built = app(throwing);
      await built.store.orders.save(Order.place('o-4', 'SKU-1', 1));
      await built.commandBus.dispatch(ConfirmOrder({ orderId: 'o-4' }));
      expect((await built.store.orders.getById('o-4')).version).toBe(2);
      const eventBus = new EventBus();
      const published: string[] = [];
      eventBus.subscribeAll((event) => void published.push(event.type));
      const relay = new OutboxRelay({
        outbox: built.store.outbox as InMemoryOutbox,
        publisher: eventBus,
        observer: throwing,
      });
      expect(await relay.drain()).toBe(1);
      expect(published).toEqual(['OrderConfirmed']);

      const seen: unknown[] = [];
      const event = (built.store.outbox as InMemoryOutbox).messages[0];
      if (event?.kind !== 'event') throw new Error('expected the event');
      const outcome = await handleDelivery(encodeMessage(event.event), 1, {
        consumer: 'billing',
        inbox: new InMemoryInbox(),
        handler: async (handled) => void seen.push(handled.metadata.traceparent),
        observer: throwing,
      });
      expect(outcome.status).toBe('handled');
      expect(seen).toEqual(['from-the-hook']);
      const reported = error.mock.calls.map((call) => (call[1] as Error).message);
      expect(reported).toEqual(expect.arrayContaining(['dispatch hook', 'commit end', 'relay hook', 'deliver end']));
    } finally {
      error.mockRestore();
    }
  });
});
