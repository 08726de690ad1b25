import {
  type Clock,
  InMemoryInbox,
  InMemoryOutbox,
  inMemoryStore,
  type Outbox,
  type Store,
  stateStored,
  systemClock,
} from 'tactical-ddd';
import { type ProjectionSource, subscribeProjection } from 'tactical-ddd/event-sourcing';
import {
  type ClosableSqlClient,
  connectPg,
  migrate,
  openPGlite,
  PostgresInbox,
  postgresStore,
  type SqlClient,
} from 'tactical-ddd/postgres';
import { fulfilmentMapping } from '../integration/processMapping.js';
import { productMapping, reservationMapping } from '../inventory/infrastructure/mappings.js';
import { type OrderSummaryQueries, orderSummaries } from '../ordering/application/OrderSummary.js';
import { InMemoryOrderSummaries } from '../ordering/infrastructure/InMemoryOrderSummaries.js';
import { orderMapping } from '../ordering/infrastructure/orderMapping.js';
import { PostgresOrderSummaries } from '../ordering/infrastructure/PostgresOrderSummaries.js';

/** Where the example keeps its data. */
export type StoreChoice =
  | { readonly kind: 'memory' }
  | { readonly kind: 'pglite'; readonly dataDir?: string; readonly schema?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/**
 * The aggregates of both contexts and the fulfilment runs, each kept as its validated document
 * (so the in-memory store stores exactly what a database would), with its events in the outbox.
 */
export const aggregates = {
  orders: stateStored('Order', orderMapping),
  products: stateStored('Product', productMapping),
  reservations: stateStored('StockReservation', reservationMapping),
  fulfilments: stateStored('OrderFulfilment', fulfilmentMapping),
};

/**
 * The store the handlers and the saga work with: `store.transaction(work, context)` for a
 * session, `store.orders` and friends for reads. The same contract in memory and in SQL.
 */
export type ShopStore = Store<typeof aggregates, unknown>;

/** Everything the handlers, the saga and the projection persist to. */
export interface Stores {
  readonly kind: StoreChoice['kind'];
  readonly store: ShopStore;
  /** Where the sessions put events and commands; the relay delivers them. */
  readonly outbox: Outbox;
  /** The order summaries' read side. */
  readonly summaries: OrderSummaryQueries;
  /**
   * Feeds the order-summary projection from an event source (the bus the relay publishes to): each
   * event's read-model write commits with its inbox row, so a redelivery changes nothing.
   */
  projectSummaries(source: ProjectionSource): () => void;
  /** The database client and schema (not in memory): for a broker consumer's inbox. */
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

/**
 * Opens the chosen store (migrating a database: idempotent). `clock` decides when the outbox's
 * scheduled messages (the saga's deadlines) are due.
 */
export async function openStores(choice: StoreChoice, clock: Clock = systemClock): Promise<Stores> {
  if (choice.kind === 'memory') {
    const store = inMemoryStore({ aggregates, outbox: new InMemoryOutbox({ clock }) });
    const summaries = new InMemoryOrderSummaries();
    const inbox = new InMemoryInbox();
    return {
      kind: 'memory',
      store,
      outbox: store.outbox as Outbox,
      summaries,
      projectSummaries: (source) => subscribeProjection(source, orderSummaries(summaries), { inbox }),
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
    const summaries = new PostgresOrderSummaries(client, schema);
    await summaries.migrate();
    const store = sqlStore(client, schema, clock);
    const inbox = new PostgresInbox({ client, schema });
    return {
      kind: choice.kind,
      store,
      outbox: store.outbox as Outbox,
      summaries,
      projectSummaries: (source) => subscribeProjection(source, orderSummaries(summaries), { inbox }),
      sql: { client, schema },
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * The store on a SQL client, in a migrated schema. Given a transaction's client (a broker
 * consumer's inbox transaction), its sessions read and commit inside that transaction, so the
 * handler's writes, their outbox rows and the inbox row commit together.
 */
export function sqlStore(client: SqlClient, schema: string, clock: Clock = systemClock): ShopStore {
  // notify: relays wake on commit (LISTEN/NOTIFY) instead of waiting for their next poll.
  return postgresStore({ client, schema, aggregates, outbox: { notify: true, clock } });
}
