import { migrations } from './migrations.js';
import type { SqlClient } from './SqlClient.js';
import { qualifiedName, quoteIdentifier, sqlIdentifier } from './sqlIdentifier.js';

/**
 * The options of {@link migrate}.
 *
 * @example
 * ```ts
 * await migrate(client, { schema: 'orders' } satisfies MigrateOptions);
 * ```
 */
export interface MigrateOptions {
  /** The PostgreSQL schema that holds the library's tables (created if missing); default `'public'`. */
  readonly schema?: string;
}

/**
 * What {@link migrate} did.
 *
 * @example
 * ```ts
 * const { applied, version }: MigrateResult = await migrate(client);
 * ```
 */
export interface MigrateResult {
  /** The schema migrated. */
  readonly schema: string;
  /** The versions applied by this call, in order (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version now: the highest version applied, by this call or before. */
  readonly version: number;
}

/**
 * Creates or upgrades the library's tables (`ddd_*`) in a schema. It is idempotent (each
 * versioned step runs once, recorded in `ddd_schema_migrations`), atomic (all pending steps commit
 * together or not at all), and safe when several instances start at once (they take a
 * transaction-scoped advisory lock and run one after the other).
 *
 * @param client - The database.
 * @param options - The schema to use.
 * @returns The versions applied and the schema's version.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `schema` is not a plain SQL identifier.
 *
 * @example
 * ```ts
 * const client = await openPGlite({ dataDir: './data/app' });
 * await migrate(client, { schema: 'orders' }); // { schema: 'orders', applied: [1], version: 1 }
 * await migrate(client, { schema: 'orders' }); // { schema: 'orders', applied: [], version: 1 }
 * ```
 */
export async function migrate(client: SqlClient, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = sqlIdentifier(options.schema ?? 'public', 'MigrateOptions', 'schema');
  const table = (name: string): string => qualifiedName(schema, name);
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`tactical-ddd:migrate:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${table('ddd_schema_migrations')} (
        version    INT PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${table('ddd_schema_migrations')}`);
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements(table)) await tx.query(statement);
      await tx.query(`INSERT INTO ${table('ddd_schema_migrations')} (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
      done.add(migration.version);
    }
    return { schema, applied, version: Math.max(0, ...done) };
  });
}
