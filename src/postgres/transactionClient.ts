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
 * Makes the {@link SqlClient} handed to a transaction's work: statements run on the transaction's
 * connection, nested transactions become savepoints, and any use after the end throws. @internal
 */
export function transactionClient(run: StatementRunner, depth = 0): TransactionClient {
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
      const nested = transactionClient(run, depth + 1);
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
  return {
    client,
    end: () => {
      ended = true;
    },
  };
}
