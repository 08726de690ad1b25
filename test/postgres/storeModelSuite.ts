import { it } from 'vitest';
import { migrate, postgresStore, type SqlClient } from '../../src/postgres/index.js';
import { runStoreModel, type StoreUnderTest } from '../support/storeModel.js';
import { storeModelKinds } from '../support/storeModelKinds.js';
import { freshSchema, storedEvents } from './fixtures.js';

/** Sequences of the store model test per backend: 1,000 unless `STORE_MODEL_RUNS` says otherwise. */
const numRuns = Number(process.env.STORE_MODEL_RUNS ?? 1000);

/**
 * The store model test on a Postgres store: one schema, emptied before each sequence, and a new
 * store (with a new snapshot store) per sequence.
 */
export function storeModelSuite(client: () => SqlClient, backend: string, timeoutMs: number): void {
  it(
    `keeps the Postgres store on ${backend} equal to the model over ${numRuns} random sequences of sessions`,
    async () => {
      const schema = freshSchema();
      await migrate(client(), { schema });
      const tables = ['ddd_aggregates', 'ddd_outbox', 'ddd_events', 'ddd_streams'].map(
        (table) => `"${schema}".${table}`,
      );
      try {
        await runStoreModel(
          async () => {
            // DELETE, not TRUNCATE: a handful of rows, and TRUNCATE costs tens of ms on PGlite.
            for (const table of tables) await client().query(`DELETE FROM ${table}`);
            const store = postgresStore({
              client: client(),
              schema,
              aggregates: storeModelKinds(),
            });
            return {
              prefix: '',
              compareEachSession: false,
              store: store as unknown as StoreUnderTest['store'],
              messages: () => (store.outbox as NonNullable<typeof store.outbox>).messages(),
              events: () => storedEvents(client(), schema),
            };
          },
          { numRuns, maxCommands: 6 },
        );
      } finally {
        await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    },
    timeoutMs,
  );
}
