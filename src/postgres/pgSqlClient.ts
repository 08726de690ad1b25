import { pgListen } from './pgListen.js';
import type { QueryOptions, SqlClient, SqlListener, SqlResult, SqlRow } from './SqlClient.js';
import { TransactionAbortedError } from './TransactionAbortedError.js';
import { markAutocommit, transactionClient } from './transactionClient.js';

/**
 * What a `pg` query resolves to, as far as {@link pgSqlClient} reads it.
 *
 * @example
 * ```ts
 * const result: PgQueryResultLike = await pool.query('SELECT 1 AS n');
 * ```
 */
export interface PgQueryResultLike {
  readonly rows: SqlRow[];
  readonly rowCount: number | null;
  readonly command?: string;
}

/**
 * A `pg` client checked out of a pool (`pg.PoolClient` fits).
 *
 * @example
 * ```ts
 * const connection: PgPoolClientLike = await pool.connect();
 * ```
 */
export interface PgPoolClientLike {
  /** Runs one statement on this connection. */
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>;
  /** Runs one named (prepared) statement on this connection. */
  query(config: { name: string; text: string; values: unknown[] }): Promise<PgQueryResultLike>;
  /** Gives the connection back to the pool, or destroys it when given an error. */
  release(error?: Error | boolean): void;
  /** `pg` emits `'error'` on a checked-out client whose connection drops; unheard, it would crash the process. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops listening to `'error'`. */
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A `pg` pool (`pg.Pool` fits): typed structurally so that `pg` stays an optional dependency.
 *
 * @example
 * ```ts
 * const pool: PgPoolLike = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface PgPoolLike {
  /** Runs one statement on any free connection. */
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>;
  /** Runs one named (prepared) statement on any free connection. */
  query(config: { name: string; text: string; values: unknown[] }): Promise<PgQueryResultLike>;
  /** Checks a connection out, for a transaction. */
  connect(): Promise<PgPoolClientLike>;
}

/**
 * Adapts a `pg` pool to the {@link SqlClient} port. Each transaction checks out one connection,
 * runs `BEGIN … COMMIT` on it and gives it back; a connection that failed to roll back (because
 * the server or the network dropped it) is destroyed rather than returned to the pool.
 *
 * `listen` opens a connection of its own per listener (outside the pool, with the pool's `Client`
 * and `options`, as `pg.Pool` has them), opened again when it drops.
 *
 * The pool stays yours: end it yourself (after stopping the listeners), and listen to its
 * `'error'` event (idle connections emit it when the server restarts). {@link connectPg} creates
 * and owns a pool for you instead.
 *
 * @param pool - A `pg.Pool`.
 * @returns A client that runs statements on the pool.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', (error) => logger.warn(error));
 * const client = pgSqlClient(pool);
 * await migrate(client);
 * ```
 */
export function pgSqlClient(pool: PgPoolLike): SqlClient {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `tactical_ddd_${statementHash(text)}`;
      names.set(text, name);
    }
    return name;
  };
  const run = (
    target: PgPoolLike | PgPoolClientLike,
    text: string,
    params: readonly unknown[],
    options?: QueryOptions,
  ) =>
    options?.prepare === true
      ? target.query({ name: nameOf(text), text, values: [...params] })
      : target.query(text, [...params]);
  return markAutocommit({
    async query<TRow extends object = SqlRow>(text: string, params: readonly unknown[] = [], options?: QueryOptions) {
      return toResult(await run(pool, text, params, options)) as SqlResult<TRow>;
    },
    listen: (channel: string, onNotification: SqlListener) => pgListen(pool, channel, onNotification),
    async transaction<TResult>(work: (tx: SqlClient) => Promise<TResult>): Promise<TResult> {
      const connection = await pool.connect();
      let broken: Error | undefined;
      // A dropped connection also fails the pending statement; here we only note it, so that the
      // connection is destroyed instead of going back to the pool.
      const onError = (error: Error): void => {
        broken = error;
      };
      connection.on?.('error', onError);
      const tx = transactionClient(
        async (text, params, options) => toResult(await run(connection, text, params, options)),
        0,
        true,
      );
      try {
        await connection.query('BEGIN');
        const result = await work(tx.client);
        tx.end();
        const commit = await connection.query('COMMIT');
        // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not with an error.
        if (commit.command === 'ROLLBACK') throw new TransactionAbortedError();
        return result;
      } catch (error) {
        tx.end();
        try {
          await connection.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        connection.removeListener?.('error', onError);
        connection.release(broken);
      }
    },
  });
}

function toResult(result: PgQueryResultLike): SqlResult {
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

/** A 64-bit FNV-1a hash of a statement's text, as 16 hex digits: its prepared statement's name. */
function statementHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
