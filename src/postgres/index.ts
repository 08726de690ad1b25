/**
 * PostgreSQL persistence, embedded (PGlite, PostgreSQL in WebAssembly) or on a server (`pg`),
 * with the same SQL and the same guarantees: the `SqlClient` port and its adapters, versioned
 * migrations, and a repository for state-stored aggregates. `pg` and `@electric-sql/pglite` are
 * optional peer dependencies, loaded only by the adapter that needs them.
 *
 * @example
 * ```ts
 * import { migrate, openPGlite, PostgresRepository } from 'tactical-ddd/postgres';
 *
 * const client = await openPGlite({ dataDir: './data/app' });
 * await migrate(client);
 * const orders = new PostgresRepository({ client, name: 'Order', mapping: orderMapping });
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
export { PostgresOutbox, type PostgresOutboxOptions } from './PostgresOutbox.js';
export { PostgresProjector, type PostgresProjectorOptions } from './PostgresProjector.js';
export { PostgresRepository, type PostgresRepositoryOptions } from './PostgresRepository.js';
export { PostgresSnapshotStore, type PostgresSnapshotStoreOptions } from './PostgresSnapshotStore.js';
export { PostgresTransaction } from './PostgresTransaction.js';
export { PostgresUnitOfWork, type PostgresUnitOfWorkOptions } from './PostgresUnitOfWork.js';
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
export { processInstanceMapping } from './processInstanceMapping.js';
export type { SnapshotMapping } from './SnapshotMapping.js';
export type { ClosableSqlClient, QueryOptions, SqlClient, SqlListener, SqlResult, SqlRow } from './SqlClient.js';
export { TransactionAbortedError } from './TransactionAbortedError.js';
export { TransactionClientRequiredError } from './TransactionClientRequiredError.js';
export { TransactionEndedError } from './TransactionEndedError.js';
export { type SqlFragment, type ToSqlOptions, toSql } from './toSql.js';
export { UntranslatableSpecificationError } from './UntranslatableSpecificationError.js';
