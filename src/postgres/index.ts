/**
 * PostgreSQL persistence, embedded (PGlite, PostgreSQL in WebAssembly) or on a server (`pg`),
 * with the same SQL and the same guarantees: the `SqlClient` port and its adapters, versioned
 * migrations, and a store whose sessions keep state-stored and event-sourced aggregates, the outbox
 * and the inbox in one database. `pg` and `@electric-sql/pglite` are
 * optional peer dependencies, loaded only by the adapter that needs them.
 *
 * @example
 * ```ts
 * import { migrate, openPGlite, postgresStore } from 'tactical-ddd/postgres';
 *
 * const client = await openPGlite({ dataDir: './data/app' });
 * await migrate(client);
 * const store = postgresStore({ client, aggregates: { orders: stateStored('Order', orderMapping) } });
 * ```
 *
 * @module tactical-ddd/postgres
 */

// The relay only needs the Outbox and MessagePublisher ports, so it lives in tactical-ddd/cqrs; it
// is re-exported here, where DESIGN.md lists it, to drive PostgresOutbox.
export { OutboxRelay, type OutboxRelayOptions, type RelayFailure } from '../cqrs/OutboxRelay.js';
export { type ConnectPgOptions, connectPg, type PgPoolConfig } from './connectPg.js';
export { DataDirectoryLockedError } from './DataDirectoryLockedError.js';
export { MissingPeerDependencyError } from './MissingPeerDependencyError.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrate.js';
export type { OutboxOrdering } from './OutboxTable.js';
export { type OpenPGliteOptions, openPGlite } from './openPGlite.js';
export { PostgresCheckpointStore, type PostgresCheckpointStoreOptions } from './PostgresCheckpointStore.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './PostgresEventStore.js';
export { PostgresInbox, type PostgresInboxOptions } from './PostgresInbox.js';
export { PostgresKeyStore, type PostgresKeyStoreOptions } from './PostgresKeyStore.js';
export { PostgresOutbox, type PostgresOutboxOptions } from './PostgresOutbox.js';
export { PostgresProjector, type PostgresProjectorOptions } from './PostgresProjector.js';
export { PostgresSnapshotStore, type PostgresSnapshotStoreOptions } from './PostgresSnapshotStore.js';
export {
  type PGliteLike,
  type PGliteResultsLike,
  type PGliteTransactionLike,
  pgliteSqlClient,
} from './pgliteSqlClient.js';
export {
  type PgPoolClientLike,
  type PgPoolLike,
  type PgQueryResultLike,
  pgSqlClient,
} from './pgSqlClient.js';
export { type PostgresStoreOptions, postgresStore } from './postgresStore.js';
export type { ClosableSqlClient, QueryOptions, SqlClient, SqlListener, SqlResult, SqlRow } from './SqlClient.js';
export { TransactionAbortedError } from './TransactionAbortedError.js';
export { TransactionClientRequiredError } from './TransactionClientRequiredError.js';
export { TransactionEndedError } from './TransactionEndedError.js';
export { type SqlFragment, type ToSqlOptions, toSql } from './toSql.js';
export { UntranslatableSpecificationError } from './UntranslatableSpecificationError.js';
