import { SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { Hono } from 'hono';
import { type Clock, systemClock } from 'tactical-ddd';
import { CommandBus, EventBus, QueryBus, retryOnConcurrency } from 'tactical-ddd/cqrs';
import { InventoryCatalog } from '../integration/InventoryCatalog.js';
import { orderFulfilment, releaseStockOnCancellation } from '../integration/OrderFulfilment.js';
import { registerInventory } from '../inventory/application/handlers.js';
import { productRoutes } from '../inventory/http/routes.js';
import { registerOrdering } from '../ordering/application/handlers.js';
import { projectOrderSummaries } from '../ordering/application/OrderSummary.js';
import { OrderPricingService } from '../ordering/domain/OrderPricingService.js';
import { orderRoutes } from '../ordering/http/routes.js';
import type { HttpEnv } from '../shared/http.js';
import { toProblem } from '../shared/problem.js';
import { afterCommitDelivery, type EventDelivery, relayDelivery } from './delivery.js';
import type { Stores } from './stores.js';
import { contextOf, openTelemetryMiddleware, TracedPublisher, traceparentOf } from './tracing.js';

export interface AppOptions {
  readonly stores: Stores;
  /** Default: the global tracer (a no-op until an OpenTelemetry SDK is registered). */
  readonly tracer?: Tracer;
  readonly clock?: Clock;
  /** How often the background delivery looks for committed events (ms, default 50). */
  readonly pollIntervalMs?: number;
}

export interface App {
  readonly http: Hono<HttpEnv>;
  readonly commandBus: CommandBus;
  readonly queryBus: QueryBus;
  readonly eventBus: EventBus;
  readonly delivery: EventDelivery;
  readonly stores: Stores;
}

/** The composition root: buses, handlers, the saga, the projection, delivery and HTTP, on the given stores. */
export function createApp(options: AppOptions): App {
  const { stores } = options;
  const tracer = options.tracer ?? trace.getTracer('order-inventory');
  const clock = options.clock ?? systemClock;

  const commandBus = new CommandBus({ middleware: [openTelemetryMiddleware(tracer), retryOnConcurrency()] });
  const queryBus = new QueryBus({ middleware: [openTelemetryMiddleware(tracer)] });
  const eventBus = new EventBus();

  registerInventory(commandBus, queryBus, stores);
  registerOrdering(commandBus, queryBus, {
    unitOfWork: stores.unitOfWork,
    orders: stores.orders,
    catalog: new InventoryCatalog(stores.products),
    pricing: new OrderPricingService(),
    summaries: stores.summaries,
    clock,
  });
  projectOrderSummaries(eventBus, stores.summaries);
  orderFulfilment(stores.fulfilments, commandBus).subscribe(eventBus);
  releaseStockOnCancellation(eventBus, commandBus);

  const publisher = new TracedPublisher(eventBus, tracer);
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const delivery =
    stores.kind === 'pglite'
      ? afterCommitDelivery(stores.outbox, publisher, pollIntervalMs)
      : relayDelivery(stores.outbox, publisher, pollIntervalMs);

  const http = new Hono<HttpEnv>();
  http.use(async (c, next) => {
    const span = tracer.startSpan(
      `HTTP ${c.req.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } },
      contextOf(c.req.header('traceparent')),
    );
    c.set('traceparent', traceparentOf(span));
    c.set('requestId', c.req.header('x-request-id') ?? crypto.randomUUID());
    try {
      await next();
    } finally {
      span.updateName(`${c.req.method} ${c.req.routePath}`);
      span.setAttribute('http.response.status_code', c.res.status);
      span.end();
    }
  });
  http.onError((error, c) => {
    const problem = toProblem(error, c.req.path);
    if (problem.status >= 500) console.error(error);
    return c.body(JSON.stringify(problem), problem.status as 400, { 'Content-Type': 'application/problem+json' });
  });
  http.notFound((c) =>
    c.body(
      JSON.stringify({
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        detail: `No route for ${c.req.method} ${c.req.path}`,
        code: 'route.not_found',
      }),
      404,
      { 'Content-Type': 'application/problem+json' },
    ),
  );
  http.route('/orders', orderRoutes(commandBus, queryBus));
  http.route('/products', productRoutes(commandBus, queryBus));

  return { http, commandBus, queryBus, eventBus, delivery, stores };
}
