import { afterAll, beforeAll } from 'vitest';
import { type AggregateStore, type AnyAggregate, ConcurrencyError } from '../../src/index.js';
import { migrate, postgresStore, type SqlClient } from '../../src/postgres/index.js';
import {
  type SessionConformanceCodec,
  type SessionConformanceKinds,
  type SessionConformanceSubject,
  sessionConformance,
} from '../../src/testing/vitest/index.js';
import { freshSchema, storedEvents } from './fixtures.js';

/**
 * An aggregate store as a user would write one for the Postgres store (where an ORM would go): a
 * table of its own, written with the client bound to the session's transaction.
 */
function userStore(client: () => SqlClient, table: string) {
  return (codec: SessionConformanceCodec): AggregateStore<AnyAggregate, SqlClient> => ({
    name: codec.name,
    load: async (id) => {
      const { rows } = await client().query<{ version: number; document: string }>(
        `SELECT version, document::text AS document FROM ${table} WHERE id = $1`,
        [id],
      );
      const row = rows[0];
      return row && codec.decode(id, row.document, Number(row.version));
    },
    write: async (tx, aggregate, change) => {
      const { id } = aggregate;
      const { rowCount } =
        change.kind === 'delete'
          ? await tx.query(`DELETE FROM ${table} WHERE id = $1 AND version = $2`, [id, change.expectedVersion])
          : change.kind === 'insert'
            ? await tx.query(
                `INSERT INTO ${table} (id, version, document) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING`,
                [id, change.nextVersion, codec.encode(aggregate)],
              )
            : await tx.query(`UPDATE ${table} SET version = $2, document = $3::jsonb WHERE id = $1 AND version = $4`, [
                id,
                change.nextVersion,
                codec.encode(aggregate),
                change.expectedVersion,
              ]);
      if (rowCount === 1) return;
      const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]);
      throw new ConcurrencyError(id, change.expectedVersion, Number(rows[0]?.version ?? 0));
    },
    fingerprint: (aggregate) => codec.encode(aggregate),
  });
}

/** The session conformance suite on a Postgres store: a fresh schema per test. */
export function storeSuite(client: () => SqlClient, name: string): void {
  const notesSchema = freshSchema();
  const notes = `"${notesSchema}".conformance_notes`;
  beforeAll(async () => {
    await client().query(`CREATE SCHEMA "${notesSchema}"`);
    await client().query(`CREATE TABLE ${notes} (id TEXT PRIMARY KEY, version INT NOT NULL, document JSONB NOT NULL)`);
  });
  afterAll(async () => {
    await client().query(`DROP SCHEMA IF EXISTS "${notesSchema}" CASCADE`);
  });
  const schemas = new WeakMap<object, string>();
  const make = async (aggregates: Partial<SessionConformanceKinds<SqlClient>>, outbox: boolean) => {
    const schema = freshSchema();
    const store = postgresStore({
      client: client(),
      schema,
      aggregates: aggregates as SessionConformanceKinds<SqlClient>,
      outbox: (outbox ? undefined : false) as false | undefined,
    });
    await migrate(client(), { schema });
    const subject: SessionConformanceSubject<SqlClient> = {
      store,
      messages: async () => (store.outbox === undefined ? [] : store.outbox.messages()),
      events: () => storedEvents(client(), schema),
    };
    schemas.set(subject, schema);
    return subject;
  };
  sessionConformance<SqlClient>({
    name,
    makeStore: ({ aggregates }) => make(aggregates, true),
    makeStoreWithoutOutbox: ({ aggregates }) => make(aggregates, false),
    userStore: userStore(client, notes),
    teardown: async (subject) => {
      await client().query(`DROP SCHEMA IF EXISTS "${schemas.get(subject)}" CASCADE`);
    },
  });
}
