import type { SqlClient, SqlResult, SqlRow } from './SqlClient.js';
import { TransactionAbortedError } from './TransactionAbortedError.js';
import { transactionClient } from './transactionClient.js';

/** What a PGlite query resolves to, as far as {@link pgliteSqlClient} reads it. */
export interface PGliteResultsLike {
  readonly rows: SqlRow[];
  readonly affectedRows?: number;
}

/** A PGlite transaction (the `tx` of `db.transaction(tx => …)`). */
export interface PGliteTransactionLike {
  query(text: string, params?: unknown[]): Promise<PGliteResultsLike>;
}

/** A PGlite instance (`PGlite` fits): typed structurally so that PGlite stays an optional dependency. */
export interface PGliteLike {
  query(text: string, params?: unknown[]): Promise<PGliteResultsLike>;
  transaction<TResult>(work: (tx: PGliteTransactionLike) => Promise<TResult>): Promise<TResult>;
}

/**
 * Adapts a PGlite instance to the {@link SqlClient} port. PGlite has a single connection: its
 * transactions run one at a time, and statements issued outside a transaction wait until the
 * open one ends.
 *
 * The instance stays yours (close it with `await db.close()`). To open one on a data directory
 * safely (with a lock that keeps a second process out), use {@link openPGlite}.
 *
 * @param db - A PGlite instance.
 * @returns A client that runs statements on it.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 *
 * const db = await PGlite.create();
 * const client = pgliteSqlClient(db);
 * await migrate(client);
 * ```
 */
export function pgliteSqlClient(db: PGliteLike): SqlClient {
  return {
    async query<TRow extends object = SqlRow>(text: string, params: readonly unknown[] = []) {
      return toResult(await db.query(text, [...params])) as SqlResult<TRow>;
    },
    transaction<TResult>(work: (tx: SqlClient) => Promise<TResult>): Promise<TResult> {
      return db.transaction(async (connection) => {
        const tx = transactionClient(async (text, params) => toResult(await connection.query(text, [...params])));
        try {
          const result = await work(tx.client);
          // A statement that failed inside (its error caught) aborted the transaction: say so
          // instead of letting the commit silently roll back.
          await connection.query('SELECT 1').catch((error: unknown) => {
            throw new TransactionAbortedError({ cause: error });
          });
          return result;
        } finally {
          tx.end();
        }
      });
    },
  };
}

function toResult(results: PGliteResultsLike): SqlResult {
  const { rows, affectedRows } = results;
  return { rows, rowCount: affectedRows !== undefined && affectedRows > 0 ? affectedRows : rows.length };
}
