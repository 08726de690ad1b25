import {
  InMemoryOutbox,
  InMemoryRepository,
  InMemoryUnitOfWork,
  type Outbox,
  type TransactionalRepository,
  type UnitOfWork,
} from 'tactical-ddd';
import type { ProcessInstance } from 'tactical-ddd/cqrs';
import {
  type ClosableSqlClient,
  connectPg,
  migrate,
  openPGlite,
  PostgresOutbox,
  PostgresRepository,
  PostgresUnitOfWork,
  type SnapshotMapping,
  type SqlClient,
} from 'tactical-ddd/postgres';
import type { FulfilmentState } from '../integration/OrderFulfilment.js';
import { fulfilmentMapping } from '../integration/processMapping.js';
import type { ProductId, ReservationId } from '../inventory/domain/ids.js';
import type { Product } from '../inventory/domain/Product.js';
import type { StockReservation } from '../inventory/domain/StockReservation.js';
import { productMapping, reservationMapping } from '../inventory/infrastructure/mappings.js';
import type { OrderSummaryStore } from '../ordering/application/OrderSummary.js';
import type { OrderId } from '../ordering/domain/ids.js';
import type { Order } from '../ordering/domain/Order.js';
import { InMemoryOrderSummaries } from '../ordering/infrastructure/InMemoryOrderSummaries.js';
import { orderMapping } from '../ordering/infrastructure/orderMapping.js';
import { PostgresOrderSummaries } from '../ordering/infrastructure/PostgresOrderSummaries.js';

/** Where the example keeps its data. */
export type StoreChoice =
  | { readonly kind: 'memory' }
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly schema?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/** Everything the handlers, the saga and the projection persist to, behind the library's ports. */
export interface Stores {
  readonly kind: StoreChoice['kind'];
  readonly unitOfWork: UnitOfWork;
  readonly orders: TransactionalRepository<Order, OrderId>;
  readonly products: TransactionalRepository<Product, ProductId>;
  readonly reservations: TransactionalRepository<StockReservation, ReservationId>;
  readonly fulfilments: TransactionalRepository<ProcessInstance<FulfilmentState>, string>;
  readonly outbox: Outbox;
  readonly summaries: OrderSummaryStore;
  /** The database client and schema (not in memory): for an inbox, or stores bound to a transaction. */
  readonly sql?: { readonly client: SqlClient; readonly schema: string };
  close(): Promise<void>;
}

/**
 * Reads the store from the command line and the environment: `--db memory` (the default),
 * `--db pglite` (in memory), `--db pglite:./data/shop` (on disk), `--db postgres://…`, or
 * `DATABASE_URL` when no `--db` is given.
 */
export function storeChoiceFrom(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): StoreChoice {
  const index = argv.indexOf('--db');
  const flag = index >= 0 ? argv[index + 1] : argv.find((arg) => arg.startsWith('--db='))?.slice('--db='.length);
  const value = flag ?? env.DATABASE_URL;
  if (value === undefined || value === '' || value === 'memory') return { kind: 'memory' };
  if (value === 'pglite') return { kind: 'pglite' };
  if (value.startsWith('pglite:')) return { kind: 'pglite', dataDir: value.slice('pglite:'.length) };
  if (value.startsWith('postgres://') || value.startsWith('postgresql://')) {
    return env.DB_SCHEMA === undefined
      ? { kind: 'postgres', url: value }
      : { kind: 'postgres', url: value, schema: env.DB_SCHEMA };
  }
  throw new Error(`--db takes memory, pglite, pglite:<dir> or a postgres:// URL, not "${value}"`);
}

/** Opens the chosen store (migrating a database: idempotent). */
export async function openStores(choice: StoreChoice): Promise<Stores> {
  if (choice.kind === 'memory') {
    const outbox = new InMemoryOutbox();
    return {
      kind: 'memory',
      unitOfWork: new InMemoryUnitOfWork(),
      orders: new InMemoryRepository<Order, OrderId>({ name: 'Order', outbox }),
      products: new InMemoryRepository<Product, ProductId>({ name: 'Product', outbox }),
      reservations: new InMemoryRepository<StockReservation, ReservationId>({ name: 'StockReservation', outbox }),
      fulfilments: new InMemoryRepository<ProcessInstance<FulfilmentState>, string>({ name: 'OrderFulfilment' }),
      outbox,
      summaries: new InMemoryOrderSummaries(),
      close: async () => {},
    };
  }
  const client: ClosableSqlClient =
    choice.kind === 'pglite'
      ? await openPGlite(choice.dataDir === undefined ? {} : { dataDir: choice.dataDir })
      : await connectPg(choice.url);
  const schema = choice.schema ?? 'shop';
  try {
    await migrate(client, { schema });
    await new PostgresOrderSummaries(client, schema).migrate();
    return { ...sqlStores(client, schema, choice.kind), sql: { client, schema }, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * The stores on a SQL client, in a migrated schema, without opening or migrating anything: on
 * the database's client, or on a transaction's (a broker consumer binds them to its inbox
 * transaction, so the handler's writes, their outbox rows and the inbox row commit together).
 */
export function sqlStores(client: SqlClient, schema: string, kind: 'pglite' | 'postgres'): Stores {
  // notify: relays wake on commit (LISTEN/NOTIFY) instead of waiting for their next poll.
  const outbox = new PostgresOutbox({ client, schema, notify: true });
  const repository = <TAggregate extends Order | Product | StockReservation | ProcessInstance<FulfilmentState>, TDoc>(
    name: string,
    mapping: SnapshotMapping<TAggregate, TDoc>,
    withOutbox = true,
  ) => new PostgresRepository({ client, schema, name, mapping, ...(withOutbox ? { outbox } : {}) });
  return {
    kind,
    unitOfWork: new PostgresUnitOfWork({ client }),
    orders: repository('Order', orderMapping) as TransactionalRepository<Order, OrderId>,
    products: repository('Product', productMapping) as TransactionalRepository<Product, ProductId>,
    reservations: repository('StockReservation', reservationMapping) as TransactionalRepository<
      StockReservation,
      ReservationId
    >,
    fulfilments: repository('OrderFulfilment', fulfilmentMapping, false),
    outbox,
    summaries: new PostgresOrderSummaries(client, schema),
    close: async () => {},
  };
}
