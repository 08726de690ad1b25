/**
 * One row of a query result: column name → value, as the driver parsed it.
 *
 * @example
 * ```ts
 * const row: SqlRow = { id: 'order-1', total: '19.99' };
 * ```
 */
export type SqlRow = Record<string, unknown>;

/**
 * The result of {@link SqlClient.query}: the rows returned (by a `SELECT` or a `RETURNING` clause)
 * and how many rows the statement affected (or returned, for a `SELECT`).
 *
 * @example
 * ```ts
 * const { rows, rowCount }: SqlResult<{ id: string }> = await client.query('SELECT id FROM orders');
 * ```
 */
export interface SqlResult<TRow extends object = SqlRow> {
  readonly rows: readonly TRow[];
  readonly rowCount: number;
}

/**
 * How {@link SqlClient.query} runs a statement.
 *
 * @example
 * ```ts
 * await client.query('SELECT data FROM orders WHERE id = $1', [id], { prepare: true } satisfies QueryOptions);
 * ```
 */
export interface QueryOptions {
  /** Prepare the statement once per connection (for hot statements with a fixed text). */
  readonly prepare?: boolean;
}

/**
 * The small port every PostgreSQL store of `tactical-ddd/postgres` talks through: one statement
 * with bound parameters at a time, and transactions. Adapters exist for a `pg` pool
 * ({@link pgSqlClient}, {@link connectPg}) and for PGlite ({@link pgliteSqlClient},
 * {@link openPGlite}); a test double or another driver only needs these two methods.
 *
 * Values are passed as parameters (`$1`, `$2`…), never spliced into the text by the caller.
 *
 * @example
 * ```ts
 * const { rows } = await client.query<{ n: number }>('SELECT $1::int + 1 AS n', [41]);
 * await client.transaction(async (tx) => {
 *   await tx.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [10, 'a']);
 *   await tx.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [10, 'b']);
 * });
 * ```
 */
export interface SqlClient {
  /**
   * Runs one SQL statement with bound parameters.
   *
   * @param text - The statement, with `$1`, `$2`… placeholders.
   * @param params - The values of the placeholders.
   * @param options - `prepare: true` for a statement run again and again with the same text: the
   *   adapters prepare it once per connection and skip parsing and planning after.
   * @returns The rows and the affected row count.
   * @throws the driver's error (with its SQLSTATE `code`) when the statement fails.
   */
  query<TRow extends object = SqlRow>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<SqlResult<TRow>>;
  /**
   * Runs `work` in a transaction with a client bound to it: commits when `work` resolves, rolls
   * back and rethrows when it throws. Called on a client that is already bound to a transaction,
   * it runs `work` in a savepoint, so a failure undoes only that part.
   *
   * The bound client must not be used once `work` has settled, and the statements of one
   * transaction run one after the other (do not start a nested transaction while other work of
   * the same transaction is in flight).
   *
   * @param work - What to do in the transaction.
   * @returns What `work` returned, once committed.
   * @throws whatever `work` threw, after rolling back.
   */
  transaction<TResult>(work: (tx: SqlClient) => Promise<TResult>): Promise<TResult>;
  /**
   * Listens to a `NOTIFY` channel until the returned function is called. Optional: the `pg` and
   * PGlite adapters have it (the `pg` one on a connection of its own, opened again when it drops,
   * after which `onNotification` is called once with `''`: what was sent meanwhile is lost).
   *
   * @param channel - The channel, as `pg_notify` names it (case-sensitive).
   * @param onNotification - Called with each notification's payload.
   * @returns A function that stops listening.
   * @throws the driver's error when the listening connection cannot be opened.
   */
  listen?(channel: string, onNotification: SqlListener): Promise<() => Promise<void>>;
}

/**
 * What {@link SqlClient.listen} calls with each notification's payload.
 *
 * @example
 * ```ts
 * const onNotification: SqlListener = (payload) => console.log('outbox of', payload, 'has news');
 * const stop = await client.listen?.('ddd_outbox', onNotification);
 * ```
 */
export type SqlListener = (payload: string) => void;

/**
 * A {@link SqlClient} that owns its connection (a pool or a PGlite instance it opened): call
 * `close()` once, when the application shuts down.
 *
 * @example
 * ```ts
 * const client: ClosableSqlClient = await openPGlite({ dataDir: './data/app' });
 * try {
 *   await migrate(client);
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export interface ClosableSqlClient extends SqlClient {
  /** Closes the pool or the database and releases what it held (such as a data-directory lock). */
  close(): Promise<void>;
}
