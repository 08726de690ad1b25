import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { CartId } from './getting-started.js';
import { addToCart, createApp } from './opentelemetry.js';

describe('the OpenTelemetry setup', () => {
  const exporter = new InMemorySpanExporter();
  // What the SDK does when it starts: register the global tracer provider.
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  afterAll(() => trace.disable());

  it('traces the request, the command, its commit and the relay in one trace', async () => {
    const app = createApp();
    const request = trace.getTracer('http').startSpan('POST /carts/:id/items');
    await addToCart(app, request, CartId.create());
    request.end();
    await app.relay.drain();
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === request.spanContext().traceId);
    expect(spans.map((s) => s.name).sort()).toEqual([
      'POST /carts/:id/items',
      'command AddToCart',
      'commit inMemoryStore',
      'publish ItemAdded',
    ]);
  });
});
