import type { PgPoolClientLike, PgPoolLike } from './pgSqlClient.js';
import type { SqlListener } from './SqlClient.js';

/** A `pg` client of its own (`pg.Client` fits), for a connection that stays on `LISTEN`. @internal */
interface PgListenerConnection {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
}

/** The parts of a `pg.Pool` that open a connection outside the pool. @internal */
interface PoolWithClient {
  readonly Client?: new (options: unknown) => PgListenerConnection;
  readonly options?: unknown;
}

const reconnectDelayMs = 1000;

/**
 * `SqlClient.listen` for a `pg` pool: one connection per listener, opened outside the pool (so that
 * listening never takes one of its connections) when the pool exposes its `Client` and `options`,
 * as `pg.Pool` does, and checked out of it otherwise. A connection that drops is opened again
 * after a second; `onNotification` is then called once with `''`, since notifications sent
 * meanwhile are lost. The returned function stops listening and closes the connection.
 * @internal
 */
export async function pgListen(
  pool: PgPoolLike,
  channel: string,
  onNotification: SqlListener,
): Promise<() => Promise<void>> {
  const { Client, options } = pool as PgPoolLike & PoolWithClient;
  const listen = `LISTEN ${quoteChannel(channel)}`;
  let stopped = false;
  // The connection in use (its close), and the reconnection waiting to run.
  let current: (() => Promise<void>) | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const reconnect = (): void => {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (stopped) return;
      open().then(
        () => onNotification(''),
        () => reconnect(),
      );
    }, reconnectDelayMs);
  };

  const open = async (): Promise<void> => {
    let close: () => Promise<void> = async () => undefined;
    const onLost = (): void => {
      if (current !== close) return; // an older connection, or one being closed on purpose
      current = undefined;
      close().catch(() => undefined);
      reconnect();
    };
    const onMessage = (message: { channel: string; payload?: string }): void => {
      if (message.channel === channel) onNotification(message.payload ?? '');
    };
    if (Client !== undefined && options !== undefined) {
      const connection = new Client(options);
      connection.on('error', onLost);
      connection.on('end', onLost);
      connection.on('notification', onMessage);
      close = async () => {
        await connection.end();
      };
      current = close;
      await settle(close, async () => {
        await connection.connect();
        await connection.query(listen);
      });
    } else {
      const connection = (await pool.connect()) as PgPoolClientLike & Partial<PgListenerConnection>;
      connection.on?.('error', onLost);
      connection.on?.('notification' as 'error', onMessage as never);
      close = async () => {
        connection.release(true);
      };
      current = close;
      await settle(close, () => connection.query(listen));
    }
  };

  /** Runs the connection's setup; when it fails, closes that connection and rethrows. */
  const settle = async (close: () => Promise<void>, setup: () => Promise<unknown>): Promise<void> => {
    try {
      await setup();
    } catch (error) {
      if (current === close) current = undefined;
      await close().catch(() => undefined);
      throw error;
    }
  };

  await open();
  return async () => {
    stopped = true;
    if (retry !== undefined) clearTimeout(retry);
    const close = current;
    current = undefined;
    await close?.();
  };
}

/** A channel name as a quoted identifier. @internal */
export function quoteChannel(channel: string): string {
  return `"${channel.replaceAll('"', '""')}"`;
}
