import { loadPeer } from './loadPeer.js';
import { pgSqlClient } from './pgSqlClient.js';
import type { ClosableSqlClient } from './SqlClient.js';
import { markAutocommit } from './transactionClient.js';

/**
 * The pool settings {@link connectPg} passes to `new pg.Pool(...)` (any `pg.PoolConfig` key).
 *
 * @example
 * ```ts
 * const config: PgPoolConfig = { connectionString: 'postgres://postgres@127.0.0.1:5432/app', max: 20 };
 * ```
 */
export interface PgPoolConfig {
  /** A connection URL such as `postgres://user@127.0.0.1:5432/app`. */
  readonly connectionString?: string;
  /** The largest number of connections the pool opens (pg's default: 10). */
  readonly max?: number;
  readonly [key: string]: unknown;
}

/**
 * The options of {@link connectPg}.
 *
 * @example
 * ```ts
 * const client = await connectPg(url, { onError: (error) => logger.warn(error) });
 * ```
 */
export interface ConnectPgOptions {
  /**
   * Receives the errors of idle pooled connections (emitted when the server restarts or drops
   * them; the pool discards such a connection and opens a new one when needed). Default: ignored.
   */
  readonly onError?: (error: Error) => void;
}

/**
 * Opens a `pg` pool and adapts it to the {@link SqlClient} port; `close()` ends the pool. It loads
 * `pg` only when called, so `tactical-ddd/postgres` imports fine without it.
 *
 * @param config - A connection URL, or `pg.Pool` settings.
 * @param options - Where idle-connection errors go.
 * @returns A client that owns its pool.
 * @throws {@link MissingPeerDependencyError} when `pg` is not installed.
 *
 * @example
 * ```ts
 * const client = await connectPg(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/app');
 * await migrate(client, { schema: 'app' });
 * // … on shutdown:
 * await client.close();
 * ```
 */
export async function connectPg(
  config: string | PgPoolConfig,
  options: ConnectPgOptions = {},
): Promise<ClosableSqlClient> {
  const pg = await loadPeer('pg', 'connectPg', () => import('pg'));
  const Pool = pg.Pool ?? pg.default.Pool;
  const pool = new Pool(typeof config === 'string' ? { connectionString: config } : { ...config });
  const onError = options.onError ?? (() => undefined);
  pool.on('error', onError);
  const client = pgSqlClient(pool);
  // Listeners have connections of their own, which pool.end() would leave open.
  const listening = new Set<() => Promise<void>>();
  let closing: Promise<void> | undefined;
  return markAutocommit({
    query: client.query,
    transaction: client.transaction,
    listen: async (channel, onNotification) => {
      const stop = await (client.listen as NonNullable<typeof client.listen>)(channel, onNotification);
      const unlisten = async (): Promise<void> => {
        listening.delete(unlisten);
        await stop();
      };
      listening.add(unlisten);
      return unlisten;
    },
    close: () => {
      const done = closing ?? Promise.allSettled([...listening].map((unlisten) => unlisten())).then(() => pool.end());
      closing = done;
      return done;
    },
  });
}
