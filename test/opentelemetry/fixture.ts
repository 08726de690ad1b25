import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as z from 'zod';
import { CommandBus, defineCommand, ProcessManager, processInstanceMapping } from '../../src/cqrs/index.js';
import {
  AggregateRoot,
  defineEvent,
  type EventOf,
  InvariantViolationError,
  inMemoryStore,
  type Observer,
  stateStored,
} from '../../src/index.js';
import { openTelemetry, traceMetadata } from '../../src/opentelemetry/index.js';

// A small order and stock domain: confirming an order starts a process that reserves the stock.
export const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ sku: z.string(), quantity: z.int() }));
export const StockReserved = defineEvent('StockReserved', z.object({ orderId: z.string() }));

export class Order extends AggregateRoot<
  string,
  { sku: string; quantity: number; status: string },
  EventOf<typeof OrderConfirmed>
> {
  static place(id: string, sku: string, quantity: number): Order {
    return new Order(id, { sku, quantity, status: 'pending' });
  }
  confirm(): void {
    if (this.state.status !== 'pending') throw new InvariantViolationError('order.pending', 'The order is not pending');
    this.state.status = 'confirmed';
    this.raise(OrderConfirmed({ sku: this.state.sku, quantity: this.state.quantity }));
  }
}

export class Stock extends AggregateRoot<string, { available: number }, EventOf<typeof StockReserved>> {
  static of(sku: string, available: number): Stock {
    return new Stock(sku, { available });
  }
  reserve(orderId: string, quantity: number): void {
    this.state.available -= quantity;
    this.raise(StockReserved({ orderId }));
  }
}

export const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: z.string() }));
export const ReserveStock = defineCommand(
  'ReserveStock',
  z.object({ orderId: z.string(), sku: z.string(), quantity: z.int() }),
);

/** A tracer and meter provider that keep what they record in memory. */
export function telemetry() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new (class extends MetricReader {
    protected async onForceFlush(): Promise<void> {}
    protected async onShutdown(): Promise<void> {}
  })();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const observer = openTelemetry({ tracerProvider, meterProvider });
  /** The data points of a histogram, by their attributes. */
  const histogram = async (name: string) => {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((m) => m.descriptor.name === name);
    return (metric?.dataPoints ?? []).map((point) => ({
      attributes: point.attributes,
      value: point.value as { count: number; sum?: number; min?: number; max?: number },
    }));
  };
  return { exporter, tracer: tracerProvider.getTracer('test'), observer, histogram };
}

/** The app: a store, a command bus and a process manager, all given `observer`. */
export function app(observer: Observer) {
  const store = inMemoryStore({
    observer,
    aggregates: {
      orders: stateStored<Order>('Order'),
      stock: stateStored<Stock>('Stock'),
      processes: stateStored('OrderFulfilment', processInstanceMapping(z.object({ step: z.string() }))),
    },
  });
  const commandBus = new CommandBus({ observer })
    .register(ConfirmOrder, (command, context) =>
      store.transaction(async (s) => (await s.orders.get(command.payload.orderId)).confirm(), context),
    )
    .register(ReserveStock, (command, context) =>
      store.transaction(async (s) => {
        (await s.stock.get(command.payload.sku)).reserve(command.payload.orderId, command.payload.quantity);
      }, context),
    );
  const fulfilment = new ProcessManager({
    name: 'OrderFulfilment',
    store,
    observer,
    instances: (s) => s.processes,
    initialState: () => ({ step: 'reserving' }),
  }).startsOn(OrderConfirmed, (event, process) => {
    process.send(
      ReserveStock({ orderId: event.aggregateId, sku: event.payload.sku, quantity: event.payload.quantity }),
    );
  });
  return { store, commandBus, fulfilment };
}

/** Places an order with its stock, and confirms it under an HTTP server span (the trace's root). */
export async function confirmUnderRequest(
  { store, commandBus }: ReturnType<typeof app>,
  tracer: ReturnType<typeof telemetry>['tracer'],
  orderId: string,
) {
  await store.orders.save(Order.place(orderId, 'SKU-1', 2));
  await store.stock.save(Stock.of('SKU-1', 5));
  const request = tracer.startSpan('POST /orders/:id/confirm', { kind: SpanKind.SERVER });
  try {
    await commandBus.dispatch(ConfirmOrder({ orderId }), {
      metadata: { correlationId: `req-${orderId}`, ...traceMetadata(trace.setSpan(ROOT_CONTEXT, request)) },
    });
  } finally {
    request.end();
  }
  return request.spanContext().traceId;
}

/** The spans of one trace as an indented tree of names, children in start order. */
export function spanTree(spans: readonly ReadableSpan[], traceId: string): string[] {
  const inTrace = spans.filter((span) => span.spanContext().traceId === traceId);
  const ids = new Set(inTrace.map((span) => span.spanContext().spanId));
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    const children = inTrace
      .filter((span) => {
        const parentId = span.parentSpanContext?.spanId;
        return parent === undefined ? parentId === undefined || !ids.has(parentId) : parentId === parent;
      })
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const child of children) {
      lines.push(`${'  '.repeat(depth)}${child.name}`);
      walk(child.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}
