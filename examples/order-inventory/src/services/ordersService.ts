import { type Tracer, trace } from '@opentelemetry/api';
import { type DomainEvent, systemClock } from 'tactical-ddd';
import { CommandBus, EventBus, QueryBus, retryOnConcurrency } from 'tactical-ddd/cqrs';
import { PostgresInbox, type SqlClient } from 'tactical-ddd/postgres';
import { relayDelivery } from '../app/delivery.js';
import { createHttp } from '../app/http.js';
import { openStores, type ShopStore, type StoreChoice, type Stores, sqlStore } from '../app/stores.js';
import { observerFor } from '../app/tracing.js';
import { HttpInventoryCatalog } from '../integration/HttpInventoryCatalog.js';
import { orderFulfilment, releaseStockOnCancellation } from '../integration/OrderFulfilment.js';
import { ReleaseStock, ReserveStock } from '../inventory/application/commands.js';
import { StockReservationFailed, StockReserved } from '../inventory/domain/events.js';
import { registerOrdering } from '../ordering/application/handlers.js';
import { OrderPricingService } from '../ordering/domain/OrderPricingService.js';
import { orderRoutes } from '../ordering/http/routes.js';
import { openBroker } from './broker.js';
import { commandRoute, countingInbox, FanOutPublisher, type InboxStats, type RemoteCommand } from './messaging.js';
import { type RunningService, startService } from './runtime.js';
import { topology } from './topology.js';

/** What every service is started with. */
export interface ServiceOptions {
  /** PGlite (a data directory of its own) or PostgreSQL (a schema of its own). */
  readonly store: Exclude<StoreChoice, { kind: 'memory' }>;
  /** The broker, such as `amqp://guest:guest@127.0.0.1:5672`. */
  readonly amqpUrl: string;
  /** NATS with JetStream (such as `127.0.0.1:4222`), used instead of RabbitMQ when set. */
  readonly natsUrl?: string;
  /** Names the exchanges and queues (see `topology`). */
  readonly prefix: string;
  /** The HTTP port (0: a free one). */
  readonly port?: number;
  readonly tracer?: Tracer;
  /** How often the relay looks for committed messages (ms, default 50). */
  readonly pollIntervalMs?: number;
}

export interface OrdersServiceOptions extends ServiceOptions {
  /** Inventory's API, for the product catalog. */
  readonly inventoryUrl: string;
}

/** The commands the orders service sends to the inventory service, and the reservation each targets. */
const toInventory: readonly RemoteCommand[] = [
  { type: ReserveStock.type, target: (payload: { reservationId: string }) => payload.reservationId },
  { type: ReleaseStock.type, target: (payload: { reservationId: string }) => payload.reservationId },
];

/**
 * The orders service: the Ordering context (its handlers, read side and HTTP API), the fulfilment
 * process manager and the release policy. Its relay publishes Ordering's events to its own bus and
 * to the broker, and delivers the commands its sessions sent: `ReserveStock`/`ReleaseStock` to the
 * inventory service through the broker, the others (the compensating `CancelOrder`) to its own
 * command bus. Inventory's answers (`StockReserved`, `StockReservationFailed`) arrive through a
 * consumer (RabbitMQ, or NATS JetStream): the process manager handles each in a session inside the inbox's
 * transaction, so its run, the commands it sends and the inbox row commit together.
 */
export async function startOrdersService(options: OrdersServiceOptions): Promise<RunningService> {
  const stores = await openStores(options.store);
  const sql = stores.sql as NonNullable<Stores['sql']>;
  const tracer = options.tracer ?? trace.getTracer('orders-service');
  const names = topology(options.prefix);
  const catalog = new HttpInventoryCatalog(options.inventoryUrl);
  const pricing = new OrderPricingService();

  const observer = observerFor(tracer);
  const commandBus = new CommandBus({ observer, middleware: [retryOnConcurrency()] });
  const queryBus = new QueryBus({ observer });
  const { store } = stores;
  registerOrdering(commandBus, queryBus, { store, catalog, pricing, summaries: stores.summaries, clock: systemClock });

  const eventBus = new EventBus();
  stores.projectSummaries(eventBus);
  // Runs one at a time with the relay: the saga has committed its run before the relay delivers
  // the `ReserveStock` it sent, so Inventory's answer always finds the run.
  orderFulfilment(store, { observer }).subscribe(eventBus);
  releaseStockOnCancellation(eventBus, store);

  const broker = await openBroker(options);
  // Partitioned by the envelope's aggregate id (the reservation a command targets), for the
  // inventory service's partitioned consumers; the orders service's own consumers ignore it.
  const publisher = broker.publisher(names.ordersExchange, names.inventoryPartitions);
  const fanOut = new FanOutPublisher(eventBus, publisher);
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const commands = commandRoute(commandBus, publisher, toInventory);
  const delivery = relayDelivery(stores.outbox, fanOut, commands, pollIntervalMs, observer);

  const stats: InboxStats = { handled: 0, duplicates: 0 };
  const consumer = broker.consumer<DomainEvent, SqlClient>({
    exchange: names.inventoryExchange,
    queue: names.ordersQueue,
    types: [StockReserved.type, StockReservationFailed.type],
    consumer: 'orders.fulfilment',
    inbox: countingInbox(new PostgresInbox(sql), stats),
    observer,
    decode: (event) => (event.type === StockReserved.type ? StockReserved : StockReservationFailed).parse(event),
    handler: async (event, tx) => {
      // The store on the inbox's transaction: the session reads and commits inside it.
      const scoped: ShopStore = sqlStore(tx, sql.schema);
      const fulfilment = orderFulfilment(scoped, { observer });
      await fulfilment.handle(event); // the event carries the consumer span's trace context
    },
  });

  const http = createHttp(tracer);
  http.route('/orders', orderRoutes(commandBus, queryBus));
  return startService({ name: 'orders', http, port: options.port ?? 0, stores, stats, consumer, delivery, publisher });
}
