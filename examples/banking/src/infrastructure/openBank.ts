import { inMemoryStore } from 'tactical-ddd';
import {
  CryptoShredder,
  defineProjection,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryKeyStore,
  InMemorySnapshotStore,
  type KeyStore,
  ProjectionRunner,
  SealedSnapshotStore,
  type SnapshotStore,
} from 'tactical-ddd/event-sourcing';
import {
  connectPg,
  migrate,
  openPGlite,
  PostgresEventStore,
  PostgresKeyStore,
  PostgresProjector,
  PostgresSnapshotStore,
  postgresStore,
  type SqlClient,
} from 'tactical-ddd/postgres';
import { Bank, type BankOptions } from '../application/Bank.js';
import { type BankEvent, PROJECTION_NAME, projectEvent, type ReadModelWriter } from '../application/readModel.js';
import { bankEvents } from '../domain/events.js';
import { InMemoryReadModel } from './InMemoryReadModel.js';
import { createBankTables, PostgresReadModel } from './PostgresReadModel.js';

/** Where the bank keeps its events, snapshots, transfer runs and read models. */
export type Storage =
  | { readonly kind: 'memory' }
  | { readonly kind: 'pglite'; readonly dataDir: string; readonly schema?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

export interface OpenedBank {
  readonly bank: Bank;
  /** The database, when there is one (for tools and tests). */
  readonly client?: SqlClient;
  close(): Promise<void>;
}

type Extra = Pick<BankOptions, 'snapshotEvery' | 'aggregateOptions'>;

/**
 * The read model's projection: one definition, whichever store feeds it (the in-memory runner or
 * the Postgres projector) and wherever the read model lives (`writerOf` gives the writer of the
 * runner's transaction).
 */
function readModelProjection<TTransaction>(writerOf: (tx: TTransaction) => ReadModelWriter) {
  const apply = (event: BankEvent, tx: TTransaction) => projectEvent(event, writerOf(tx));
  const handlers = Object.fromEntries(bankEvents.creators.map((creator) => [creator.type, apply]));
  return defineProjection<BankEvent, TTransaction>({ name: PROJECTION_NAME, handlers });
}

/**
 * The account holders' names are sealed with a key per account (the data subject), in the events,
 * the outbox and the snapshots; snapshots are sealed whole.
 */
function personalData(keys: KeyStore, snapshots: SnapshotStore) {
  const shredder = new CryptoShredder({ registry: bankEvents, keys });
  const sealed = new SealedSnapshotStore({
    store: snapshots,
    shredder,
    subject: ({ streamId }) => (streamId.startsWith('Account-') ? streamId.slice('Account-'.length) : undefined),
  });
  return { shredder, snapshots: sealed };
}

/** Opens the bank on a store: everything in memory, PGlite in a data directory, or a PostgreSQL server. */
export async function openBank(storage: Storage, extra: Extra = {}): Promise<OpenedBank> {
  if (storage.kind === 'memory') {
    const { shredder, snapshots } = personalData(new InMemoryKeyStore(), new InMemorySnapshotStore());
    const eventStore = new InMemoryEventStore({ registry: bankEvents, shredder });
    const readModel = new InMemoryReadModel();
    const runner = new ProjectionRunner({
      store: eventStore,
      checkpoints: new InMemoryCheckpointStore(),
      projection: readModelProjection(() => readModel),
    });
    const bank = new Bank({
      ...extra,
      openStore: (aggregates) => inMemoryStore({ aggregates, eventStore }),
      events: eventStore,
      snapshots,
      readModel,
      catchUp: () => runner.catchUp(),
      personalData: { shredder, eraseOwner: (id) => readModel.eraseOwner(id) },
    });
    return { bank, close: async () => undefined };
  }
  const client =
    storage.kind === 'pglite' ? await openPGlite({ dataDir: storage.dataDir }) : await connectPg(storage.url);
  try {
    const schema = storage.schema ?? 'bank';
    await migrate(client, { schema }); // the library's tables: events, snapshots, runs, checkpoints…
    await createBankTables(client, schema); // the example's own: the read models
    const readModel = new PostgresReadModel(client, schema);
    const { shredder, snapshots } = personalData(
      new PostgresKeyStore({ client, schema }),
      new PostgresSnapshotStore({ client, schema }),
    );
    const events = new PostgresEventStore({ client, schema, registry: bankEvents, shredder });
    const projector = new PostgresProjector({
      client,
      store: events,
      projection: readModelProjection((tx: SqlClient) => readModel.writer(tx)),
    });
    const bank = new Bank({
      ...extra,
      openStore: (aggregates) =>
        postgresStore({ client, schema, aggregates, eventStore: { registry: bankEvents, shredder } }),
      events,
      snapshots,
      readModel,
      catchUp: () => projector.catchUp(),
      personalData: { shredder, eraseOwner: (id) => readModel.eraseOwner(id) },
    });
    return { bank, client, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}
