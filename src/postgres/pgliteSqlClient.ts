import { AsyncLocalStorage } from 'node:async_hooks';
import { quoteChannel } from './pgListen.js';
import { type PGliteExec, pglitePreparer, pgliteProtocolOf } from './pglitePrepared.js';
import type { QueryOptions, SqlClient, SqlListener, SqlResult, SqlRow } from './SqlClient.js';
import { TransactionAbortedError } from './TransactionAbortedError.js';
import { TransactionClientRequiredError } from './TransactionClientRequiredError.js';
import { markAutocommit, type StatementRunner, transactionClient } from './transactionClient.js';

/**
 * What a PGlite query resolves to, as far as {@link pgliteSqlClient} reads it.
 *
 * @example
 * ```ts
 * const results: PGliteResultsLike = await db.query('SELECT 1 AS n');
 * ```
 */
export interface PGliteResultsLike {
  readonly rows: SqlRow[];
  readonly affectedRows?: number;
}

/**
 * A PGlite transaction (the `tx` of `db.transaction(tx => …)`).
 *
 * @example
 * ```ts
 * await db.transaction(async (tx: PGliteTransactionLike) => tx.query('SELECT 1'));
 * ```
 */
export interface PGliteTransactionLike {
  /** Runs one statement in the transaction. */
  query(text: string, params?: unknown[]): Promise<PGliteResultsLike>;
}

/**
 * A PGlite instance (`PGlite` fits): typed structurally so that PGlite stays an optional dependency.
 *
 * @example
 * ```ts
 * const db: PGliteLike = await PGlite.create();
 * ```
 */
export interface PGliteLike {
  /** Runs one statement (waiting for an open transaction to end). */
  query(text: string, params?: unknown[]): Promise<PGliteResultsLike>;
  /** Runs `work` in a transaction. */
  transaction<TResult>(work: (tx: PGliteTransactionLike) => Promise<TResult>): Promise<TResult>;
  /** Calls `callback` with every notification this instance receives; returns a function that stops. */
  onNotification?(callback: (channel: string, payload: string) => void): () => void;
}

/**
 * Adapts a PGlite instance to the {@link SqlClient} port. PGlite has a single connection: its
 * transactions run one at a time, and statements issued outside a transaction wait until the
 * open one ends.
 *
 * PGlite parses and plans every statement it is given. A statement run with `prepare: true` is
 * PREPAREd once per client instead, and its values (strings, numbers, bigints, booleans, nulls and
 * arrays of those) are bound to it through PGlite's wire-protocol entry point (`execProtocol`), in
 * one message, under the same locks `query` takes. An object that has only PGlite's `query` and
 * `transaction` gets `EXECUTE` with the values as escaped `E'…'` literals instead, which read back
 * exactly whatever `standard_conforming_strings` is. Any other value is bound as usual.
 *
 * Inside `transaction(work)`, use the client handed to `work`: a statement through the outer
 * client would wait for the transaction forever, so it throws {@link TransactionClientRequiredError}.
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
  // Marks the async work running inside one of this client's transactions.
  const inside = new AsyncLocalStorage<{ open: boolean }>();
  const outside = (): void => {
    if (inside.getStore()?.open === true) throw new TransactionClientRequiredError();
  };
  // PGlite plans every statement anew: `prepare: true` runs a PREPAREd one instead.
  const prepare = pglitePreparer<PGliteResultsLike>(pgliteProtocolOf(db));
  const statement = (on: PGliteLike | PGliteTransactionLike, inTransaction: boolean): StatementRunner => {
    const exec: PGliteExec<PGliteResultsLike> = (text) => on.query(text);
    return async (text, params, options) =>
      toResult(
        await ((options?.prepare === true ? prepare(exec, text, params, inTransaction) : undefined) ??
          on.query(text, [...params])),
      );
  };
  const direct = statement(db, false);
  const onAny = db.onNotification;
  // One connection: LISTEN once per channel, UNLISTEN when its last listener stops.
  const listeners = new Map<string, number>();
  return markAutocommit({
    ...(onAny === undefined
      ? {}
      : {
          // LISTEN ourselves and match the exact channel name (PGlite's own listen() mangles
          // names with quotes in them).
          listen: async (channel: string, onNotification: SqlListener) => {
            outside();
            const off = onAny.call(db, (name, payload) => {
              if (name === channel) onNotification(payload);
            });
            const count = listeners.get(channel) ?? 0;
            listeners.set(channel, count + 1);
            const release = async (): Promise<void> => {
              off();
              const left = (listeners.get(channel) ?? 1) - 1;
              if (left > 0) listeners.set(channel, left);
              else {
                listeners.delete(channel);
                await db.query(`UNLISTEN ${quoteChannel(channel)}`);
              }
            };
            try {
              if (count === 0) await db.query(`LISTEN ${quoteChannel(channel)}`);
            } catch (error) {
              await release().catch(() => undefined);
              throw error;
            }
            let stopped = false;
            return async () => {
              if (stopped) return;
              stopped = true;
              await release();
            };
          },
        }),
    async query<TRow extends object = SqlRow>(text: string, params: readonly unknown[] = [], options?: QueryOptions) {
      outside();
      return (await direct(text, params, options)) as SqlResult<TRow>;
    },
    async transaction<TResult>(work: (tx: SqlClient) => Promise<TResult>): Promise<TResult> {
      outside();
      return db.transaction((connection) => {
        const mark = { open: true };
        return inside.run(mark, () => run(connection, statement(connection, true), work, mark));
      });
    },
  });
}

/** Runs a transaction's work with its bound client, then makes sure the transaction can commit. */
async function run<TResult>(
  connection: PGliteTransactionLike,
  runStatement: StatementRunner,
  work: (tx: SqlClient) => Promise<TResult>,
  mark: { open: boolean },
): Promise<TResult> {
  let failed = false;
  const tx = transactionClient((text, params, options) =>
    runStatement(text, params, options).catch((error: unknown) => {
      failed = true;
      throw error;
    }),
  );
  try {
    const result = await work(tx.client);
    // A statement that failed inside (its error caught) may have aborted the transaction (unless
    // rolled back to a savepoint): say so instead of letting the commit silently roll back. With
    // no failed statement, the transaction cannot be aborted, and the check's round trip is spared.
    if (failed) {
      await connection.query('SELECT 1').catch((error: unknown) => {
        throw new TransactionAbortedError({ cause: error });
      });
    }
    return result;
  } finally {
    tx.end();
    mark.open = false;
  }
}

function toResult(results: PGliteResultsLike): SqlResult {
  const { rows, affectedRows } = results;
  return { rows, rowCount: affectedRows !== undefined && affectedRows > 0 ? affectedRows : rows.length };
}
