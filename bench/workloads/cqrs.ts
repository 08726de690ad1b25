/**
 * Dispatch overhead of a command through the `CommandBus` (zod validation of the payload,
 * correlation/causation context, two middleware: a tracing hook and retryOnConcurrency) against
 * calling the same handler directly, and against @nestjs/cqrs 12 `CommandBus.execute` on the
 * same handler.
 *
 * @nestjs/cqrs runs here without a Nest application: its `CommandBus` is constructed directly
 * (the `ModuleRef` it takes is only used for request-scoped handlers) and the handler is
 * registered through `register([instanceWrapper])`, with the `@CommandHandler` decorator applied
 * as a plain function. It has no validation and no middleware, so a second Nest contender adds
 * the same zod parse inside its handler.
 */
import 'reflect-metadata';
import { CommandHandler, CommandBus as NestCommandBus } from '@nestjs/cqrs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as z from 'zod';
import { CommandBus, defineCommand, type MessageContext, retryOnConcurrency, tracing } from '../../src/cqrs/index.js';
import type { Observer } from '../../src/index.js';
import { AggregateRoot, defineEvent, type EventOf, inMemoryStore, stateStored } from '../../src/index.js';
import { openTelemetry } from '../../src/opentelemetry/index.js';
import { defineWorkload, sink } from '../harness.js';

const schema = z.object({ orderId: z.string().min(1), sku: z.string().min(1), quantity: z.int().positive() });
type Payload = z.output<typeof schema>;

const N = 100;
const payloads: Payload[] = Array.from({ length: N }, (_, i) => ({
  orderId: `order-${i}`,
  sku: `SKU-${i % 17}`,
  quantity: 1 + (i % 5),
}));

// The one handler every contender runs.
const handle = async (payload: Payload): Promise<number> => payload.quantity * 2;

// tactical-ddd
const ReserveStock = defineCommand('ReserveStock', schema, z.number());
const bus = new CommandBus({
  middleware: [tracing(() => ({ end: () => undefined })), retryOnConcurrency()],
}).register(ReserveStock, (command) => handle(command.payload));
const bare = new CommandBus().register(ReserveStock, (command) => handle(command.payload));

// @nestjs/cqrs, outside a Nest application.
class NestReserveStock {
  constructor(readonly payload: Payload) {}
}
class NestReserveStockHandler {
  execute(command: NestReserveStock): Promise<number> {
    return handle(command.payload);
  }
}
class NestValidatingHandler {
  execute(command: NestReserveStock): Promise<number> {
    return handle(schema.parse(command.payload));
  }
}
const nestBus = (handler: { execute(command: NestReserveStock): Promise<number> }) => {
  CommandHandler(NestReserveStock)(handler.constructor as never);
  const commandBus = new NestCommandBus(undefined as never);
  commandBus.register([
    { isDependencyTreeStatic: () => true, instance: handler, metatype: handler.constructor, inject: undefined },
  ] as never);
  return commandBus;
};
const nest = nestBus(new NestReserveStockHandler());
const nestValidating = nestBus(new NestValidatingHandler());

const dispatch = defineWorkload({
  name: 'cqrs/command.dispatch',
  opsPerCall: N,
  baseline: {
    name: 'handler called directly',
    fn: async () => {
      for (let i = 0; i < N; i++) sink.value = await handle(payloads[i] as Payload);
    },
  },
  contenders: [
    {
      name: 'CommandBus: validate + 2 middleware',
      fn: async () => {
        for (let i = 0; i < N; i++) sink.value = await bus.dispatch(ReserveStock(payloads[i] as Payload));
      },
    },
    {
      name: 'CommandBus: validate, no middleware',
      fn: async () => {
        for (let i = 0; i < N; i++) sink.value = await bare.dispatch(ReserveStock(payloads[i] as Payload));
      },
    },
    {
      name: '@nestjs/cqrs execute (no validation)',
      fn: async () => {
        for (let i = 0; i < N; i++)
          sink.value = await nest.execute(new NestReserveStock(payloads[i] as Payload) as never);
      },
    },
    {
      name: '@nestjs/cqrs execute + zod in handler',
      fn: async () => {
        for (let i = 0; i < N; i++)
          sink.value = await nestValidating.execute(new NestReserveStock(payloads[i] as Payload) as never);
      },
    },
  ],
  // A floor against regressions: a trivial handler (~30 ns) makes any bus look slow. Against Nest
  // doing the same zod parse, the bus (which also makes the command's id and works out its
  // correlation) must keep up, and with two middleware stay within half of it.
  targets: { 'CommandBus: validate + 2 middleware': 0.015, 'CommandBus: validate, no middleware': 0.025 },
  peerTargets: {
    'CommandBus: validate, no middleware': { '@nestjs/cqrs execute + zod in handler': 1 },
    'CommandBus: validate + 2 middleware': { '@nestjs/cqrs execute + zod in handler': 0.5 },
  },
});

// The same dispatch with a realistic handler: a store session that loads and changes an
// aggregate, committed with its event in the outbox. The bus's share of the work is what users pay.
const StockAdjusted = defineEvent('StockAdjusted', z.object({ by: z.int() }));
class Item extends AggregateRoot<string, { quantity: number }, EventOf<typeof StockAdjusted>> {
  static of(sku: string): Item {
    return new Item(sku, { quantity: 0 });
  }
  adjust(by: number): void {
    this.state.quantity += by;
    this.raise(StockAdjusted({ by }));
  }
}
const newStore = (observer?: Observer) =>
  inMemoryStore({ aggregates: { items: stateStored<Item>('Item') }, ...(observer === undefined ? {} : { observer }) });
let store = newStore();
const reset = async (observer?: Observer) => {
  store = newStore(observer);
  for (let i = 0; i < 17; i++) await store.items.save(Item.of(`SKU-${i}`));
};
await reset();
const adjust = (payload: Payload, metadata: MessageContext['metadata'] | undefined) =>
  store.transaction(
    async (s) => {
      const item = await s.items.get(payload.sku);
      item.adjust(payload.quantity);
      return item.props.quantity;
    },
    metadata === undefined ? {} : { metadata },
  );
const AdjustStock = defineCommand('AdjustStock', schema, z.number());
const uowBus = new CommandBus({
  middleware: [tracing(() => ({ end: () => undefined })), retryOnConcurrency()],
}).register(AdjustStock, (command, context) => adjust(command.payload, context.metadata));

// The OpenTelemetry observer on the bus and the store: with the API alone (no SDK registered: what
// an application that does not trace pays), and with the SDK recording every span (exported to
// memory, cleared each round) and the dispatch histogram.
const apiOnly = openTelemetry();
const exporter = new InMemorySpanExporter();
const withSdk = openTelemetry({
  tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  meterProvider: new MeterProvider(),
});
const observedBus = (observer: Observer) =>
  new CommandBus({ observer, middleware: [retryOnConcurrency()] }).register(AdjustStock, (command, context) =>
    adjust(command.payload, context.metadata),
  );
const apiOnlyBus = observedBus(apiOnly);
const sdkBus = observedBus(withSdk);

const withSession = defineWorkload({
  name: 'cqrs/command.dispatch+session',
  opsPerCall: N,
  baseline: {
    name: 'store session called directly',
    fn: async () => {
      await reset();
      for (let i = 0; i < N; i++) sink.value = await adjust(payloads[i] as Payload, undefined);
    },
  },
  contenders: [
    {
      name: 'CommandBus: validate + 2 middleware',
      fn: async () => {
        await reset();
        for (let i = 0; i < N; i++) sink.value = await uowBus.dispatch(AdjustStock(payloads[i] as Payload));
      },
    },
    {
      name: 'CommandBus + store, openTelemetry observer, API only',
      fn: async () => {
        await reset(apiOnly);
        for (let i = 0; i < N; i++) sink.value = await apiOnlyBus.dispatch(AdjustStock(payloads[i] as Payload));
      },
    },
    {
      name: 'CommandBus + store, openTelemetry observer, SDK recording',
      fn: async () => {
        exporter.reset();
        await reset(withSdk);
        for (let i = 0; i < N; i++) sink.value = await sdkBus.dispatch(AdjustStock(payloads[i] as Payload));
      },
    },
  ],
  targets: { 'CommandBus: validate + 2 middleware': 0.6 },
});

export const cqrsWorkloads = [dispatch, withSession];
