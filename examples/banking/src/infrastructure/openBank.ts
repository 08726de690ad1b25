import { InMemoryRepository } from 'tactical-ddd';
import {
  defineProjection,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemorySnapshotStore,
  ProjectionRunner,
} from 'tactical-ddd/event-sourcing';
import {
  connectPg,
  migrate,
  openPGlite,
  PostgresEventStore,
  PostgresProjector,
  PostgresRepository,
  PostgresSnapshotStore,
  processInstanceMapping,
  type SqlClient,
} from 'tactical-ddd/postgres';
import { Bank, type BankOptions } from '../application/Bank.js';
import { type BankEvent, PROJECTION_NAME, projectEvent } from '../application/readModel.js';
import { TransferProcessState } from '../application/transferProcess.js';
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

/** Opens the bank on a store: everything in memory, PGlite in a data directory, or a PostgreSQL server. */
export async function openBank(storage: Storage, extra: Extra = {}): Promise<OpenedBank> {
  if (storage.kind === 'memory') {
    const store = new InMemoryEventStore({ registry: bankEvents });
    const readModel = new InMemoryReadModel();
    const runner = new ProjectionRunner({
      store,
      checkpoints: new InMemoryCheckpointStore(),
      projection: defineProjection<BankEvent>({ name: PROJECTION_NAME, handlers: handlersFor(readModel) }),
    });
    const bank = new Bank({
      ...extra,
      store,
      snapshots: new InMemorySnapshotStore(),
      transferRuns: new InMemoryRepository({ name: 'TransferProcess' }),
      readModel,
      catchUp: () => runner.catchUp(),
    });
    return { bank, close: async () => undefined };
  }
  const client =
    storage.kind === 'pglite' ? await openPGlite({ dataDir: storage.dataDir }) : await connectPg(storage.url);
  try {
    const schema = storage.schema ?? 'bank';
    await migrate(client, { schema }); // the library's tables: events, snapshots, runs, checkpoints…
    await createBankTables(client, schema); // the example's own: the read models
    const store = new PostgresEventStore({ client, schema, registry: bankEvents });
    const readModel = new PostgresReadModel(client, schema);
    const projector = new PostgresProjector({
      client,
      store,
      name: PROJECTION_NAME,
      handle: (event, tx) => projectEvent(event, readModel.writer(tx)),
    });
    const snapshots = new PostgresSnapshotStore({ client, schema });
    // Each transfer run (its step, status, handled event ids, recorded refund) is a validated
    // JSONB document in ddd_aggregates, so a restart in the middle of a transfer loses nothing.
    const transferRuns = new PostgresRepository({
      client,
      schema,
      name: 'TransferProcess',
      mapping: processInstanceMapping(TransferProcessState),
    });
    const bank = new Bank({
      ...extra,
      store,
      snapshots,
      transferRuns,
      readModel,
      catchUp: () => projector.catchUp(),
    });
    return { bank, client, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** The same projection for every event type, as the in-memory ProjectionRunner wants it. */
function handlersFor(readModel: InMemoryReadModel) {
  const apply = (event: Parameters<typeof projectEvent>[0]) => projectEvent(event, readModel);
  return Object.fromEntries(bankEvents.creators.map((creator) => [creator.type, apply]));
}
