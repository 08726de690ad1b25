import type { QueryOptions, SqlClient, SqlResult, SqlRow } from './SqlClient.js';
import { TransactionEndedError } from './TransactionEndedError.js';

/** Runs one statement on the connection a transaction holds. @internal */
export type StatementRunner = (text: string, params: readonly unknown[], options?: QueryOptions) => Promise<SqlResult>;

/** A client bound to an open transaction, and the switch that retires it when the transaction ends. @internal */
export interface TransactionClient {
  readonly client: SqlClient;
  end(): void;
}

/**
 * The transaction clients of servers, where other connections write at the same time: a statement
 * that may lose a race there (and fail) runs under a savepoint, so that its failure does not abort
 * the caller's transaction. PGlite runs transactions one after the other and needs none. @internal
 */
const concurrent = new WeakSet<SqlClient>();

/** Whether `client` is inside a transaction on a server shared with other connections. @internal */
export const isConcurrentTransaction = (client: SqlClient): boolean => concurrent.has(client);

/**
 * The clients known to run each statement on its own (outside any transaction): those that
 * `pgSqlClient` and `pgliteSqlClient` make. A statement that fails there aborts nothing else, so
 * it can let a constraint refuse a write instead of checking first. @internal
 */
const autocommit = new WeakSet<SqlClient>();

/** Marks a client as running each statement on its own. @internal */
export const markAutocommit = <TClient extends SqlClient>(client: TClient): TClient => {
  autocommit.add(client);
  return client;
};

/** Whether `client` runs each statement on its own (see {@link markAutocommit}); unknown clients do not. @internal */
export const isAutocommit = (client: SqlClient): boolean => autocommit.has(client);

/**
 * Makes the {@link SqlClient} handed to a transaction's work: statements run on the transaction's
 * connection, nested transactions become savepoints, and any use after the end throws.
 * `shared` marks a server connection (see {@link isConcurrentTransaction}). @internal
 */
export function transactionClient(run: StatementRunner, depth = 0, shared = false): TransactionClient {
  let ended = false;
  const check = (): void => {
    if (ended) throw new TransactionEndedError();
  };
  const client: SqlClient = {
    async query<TRow extends object = SqlRow>(text: string, params: readonly unknown[] = [], options?: QueryOptions) {
      check();
      return (await run(text, params, options)) as SqlResult<TRow>;
    },
    async transaction<TResult>(work: (tx: SqlClient) => Promise<TResult>): Promise<TResult> {
      check();
      const savepoint = `tactical_ddd_sp_${depth + 1}`;
      await run(`SAVEPOINT ${savepoint}`, []);
      const nested = transactionClient(run, depth + 1, shared);
      try {
        const result = await work(nested.client);
        await run(`RELEASE SAVEPOINT ${savepoint}`, []);
        return result;
      } catch (error) {
        // If even this fails (a lost connection), the enclosing transaction fails on its own.
        await run(`ROLLBACK TO SAVEPOINT ${savepoint}`, []).catch(() => undefined);
        throw error;
      } finally {
        nested.end();
      }
    },
  };
  if (shared) concurrent.add(client);
  return {
    client,
    end: () => {
      ended = true;
    },
  };
}
