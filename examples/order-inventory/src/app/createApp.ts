import { type Tracer, trace } from '@opentelemetry/api';
import type { Hono } from 'hono';
import { type Clock, systemClock } from 'tactical-ddd';
import { CommandBus, EventBus, QueryBus, retryOnConcurrency } from 'tactical-ddd/cqrs';
import { InventoryCatalog } from '../integration/InventoryCatalog.js';
import { orderFulfilment, releaseStockOnCancellation } from '../integration/OrderFulfilment.js';
import { registerInventory } from '../inventory/application/handlers.js';
import { productRoutes } from '../inventory/http/routes.js';
import { registerOrdering } from '../ordering/application/handlers.js';
import { OrderPricingService } from '../ordering/domain/OrderPricingService.js';
import { orderRoutes } from '../ordering/http/routes.js';
import type { HttpEnv } from '../shared/http.js';
import { type EventDelivery, relayDelivery } from './delivery.js';
import { createHttp } from './http.js';
import type { Stores } from './stores.js';
import { observerFor } from './tracing.js';

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

  const observer = observerFor(tracer);
  const commandBus = new CommandBus({ observer, middleware: [retryOnConcurrency()] });
  const queryBus = new QueryBus({ observer });
  const eventBus = new EventBus();

  const { store } = stores;
  registerInventory(commandBus, queryBus, { store });
  registerOrdering(commandBus, queryBus, {
    store,
    catalog: new InventoryCatalog(store.products),
    pricing: new OrderPricingService(),
    summaries: stores.summaries,
    clock,
  });
  stores.projectSummaries(eventBus);
  orderFulfilment(store, { clock, observer }).subscribe(eventBus);
  releaseStockOnCancellation(eventBus, store);

  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const delivery = relayDelivery(
    stores.outbox,
    eventBus,
    (command) => commandBus.dispatch(command),
    pollIntervalMs,
    observer,
  );

  const http = createHttp(tracer);
  http.route('/orders', orderRoutes(commandBus, queryBus));
  http.route('/products', productRoutes(commandBus, queryBus));

  return { http, commandBus, queryBus, eventBus, delivery, stores };
}
