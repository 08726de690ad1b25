import { trace } from '@opentelemetry/api';
import type { DomainEvent } from 'tactical-ddd';
import { CommandBus, QueryBus, retryOnConcurrency } from 'tactical-ddd/cqrs';
import { PostgresInbox, type SqlClient } from 'tactical-ddd/postgres';
import { relayDelivery } from '../app/delivery.js';
import { createHttp } from '../app/http.js';
import { openStores, type ShopStore, type Stores, sqlStore } from '../app/stores.js';
import { observerFor } from '../app/tracing.js';
import { ReleaseStock, ReserveStock } from '../inventory/application/commands.js';
import { registerInventory } from '../inventory/application/handlers.js';
import { productRoutes } from '../inventory/http/routes.js';
import { openBroker } from './broker.js';
import { commandFromEnvelope, countingInbox, type InboxStats } from './messaging.js';
import type { ServiceOptions } from './ordersService.js';
import { type RunningService, startService } from './runtime.js';
import { topology } from './topology.js';

/** The commands other services may send the inventory service. */
const accepted = [ReserveStock, ReleaseStock] as const;

/**
 * The inventory service: the Inventory context (products, stock, reservations) and its HTTP API.
 * Its relay publishes Inventory's events to the broker (the orders service listens for the
 * reservation outcomes); partitioned consumers (RabbitMQ, or NATS JetStream; two by default,
 * sharing the partitions) take `ReserveStock` and `ReleaseStock` from the orders service and
 * dispatch each in the inbox's transaction, so the reservation, the products,
 * the events it raised (its outbox rows) and the inbox row commit together.
 */
export interface InventoryServiceOptions extends ServiceOptions {
  /** How many consumers share the partitions of the commands (default 2). */
  readonly consumers?: number;
}

export async function startInventoryService(options: InventoryServiceOptions): Promise<RunningService> {
  const stores = await openStores(options.store);
  const sql = stores.sql as NonNullable<Stores['sql']>;
  const tracer = options.tracer ?? trace.getTracer('inventory-service');
  const names = topology(options.prefix);
  const observer = observerFor(tracer);

  /** Inventory's buses on a store (the service's, or one on an inbox transaction). */
  const inventory = (store: ShopStore) => {
    const commandBus = new CommandBus({ observer, middleware: [retryOnConcurrency()] });
    const queryBus = new QueryBus({ observer });
    registerInventory(commandBus, queryBus, { store });
    return { commandBus, queryBus };
  };
  const main = inventory(stores.store);

  const broker = await openBroker(options);
  const publisher = broker.publisher(names.inventoryExchange);
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const delivery = relayDelivery(
    stores.outbox,
    publisher,
    (command) => main.commandBus.dispatch(command),
    pollIntervalMs,
    observer,
  );

  const stats: InboxStats = { handled: 0, duplicates: 0 };
  // Consumers of one group share the partitions of the commands (as instances of the service
  // would): each reservation's commands are handled in order, by one consumer at a time.
  const consumer = broker.consumer<DomainEvent, SqlClient>({
    exchange: names.ordersExchange,
    queue: names.inventoryQueue,
    types: accepted.map((command) => command.type),
    consumer: 'inventory.commands',
    inbox: countingInbox(new PostgresInbox(sql), stats),
    observer,
    partitioned: { partitions: names.inventoryPartitions, consumers: options.consumers ?? 2 },
    // An unknown command or an invalid payload is dead-lettered at once.
    decode: (event) => {
      commandFromEnvelope(event, accepted);
      return event;
    },
    handler: async (event, tx) => {
      const scoped = inventory(sqlStore(tx, sql.schema));
      await scoped.commandBus.dispatch(commandFromEnvelope(event, accepted));
    },
  });

  const http = createHttp(tracer);
  http.route('/products', productRoutes(main.commandBus, main.queryBus));
  return startService({
    name: 'inventory',
    http,
    port: options.port ?? 0,
    stores,
    stats,
    consumer,
    partitions: consumer.partitions,
    delivery,
    publisher,
  });
}
