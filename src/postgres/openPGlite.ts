import { loadPeer } from './loadPeer.js';
import { lockDataDirectory } from './lockDataDirectory.js';
import { pgliteSqlClient } from './pgliteSqlClient.js';
import type { ClosableSqlClient } from './SqlClient.js';
import { markAutocommit } from './transactionClient.js';

/**
 * The options of {@link openPGlite}.
 *
 * @example
 * ```ts
 * const options: OpenPGliteOptions = { dataDir: './data/app', pglite: { relaxedDurability: true } };
 * ```
 */
export interface OpenPGliteOptions {
  /**
   * The directory that keeps the database; omit it (or give a `memory://` URL) for a database in
   * memory. A directory is locked (`<dataDir>.lock`) for as long as the client is open.
   */
  readonly dataDir?: string;
  /** More options for `PGlite.create` (extensions, `relaxedDurability`…). */
  readonly pglite?: Readonly<Record<string, unknown>>;
}

/**
 * Opens PGlite (PostgreSQL compiled to WebAssembly, in process) in memory or on a data directory,
 * and adapts it to the {@link SqlClient} port. It loads `@electric-sql/pglite` only when called.
 *
 * A data directory gets a lock file so that a second process (or a second open in this one) fails
 * fast with {@link DataDirectoryLockedError}: PGlite itself would let both open it and lose data.
 * Always `await client.close()`: it checkpoints the database and releases the lock.
 *
 * @param options - Where the data lives, and PGlite's own options.
 * @returns A client that owns the PGlite instance.
 * @throws {@link MissingPeerDependencyError} when `@electric-sql/pglite` is not installed.
 * @throws {@link DataDirectoryLockedError} when the data directory is already open.
 *
 * @example
 * ```ts
 * const client = await openPGlite({ dataDir: './data/orders' });
 * try {
 *   await migrate(client);
 *   // … use it
 * } finally {
 *   await client.close();
 * }
 * ```
 */
export async function openPGlite(options: OpenPGliteOptions = {}): Promise<ClosableSqlClient> {
  const { PGlite } = await loadPeer('@electric-sql/pglite', 'openPGlite', () => import('@electric-sql/pglite'));
  const { dataDir } = options;
  const onDisk = dataDir !== undefined && !dataDir.startsWith('memory://');
  const unlock = onDisk ? lockDataDirectory(dataDir) : () => undefined;
  let db: Awaited<ReturnType<typeof PGlite.create>>;
  try {
    db = await PGlite.create({ ...options.pglite, ...(dataDir === undefined ? {} : { dataDir }) });
  } catch (error) {
    unlock();
    throw error;
  }
  const client = pgliteSqlClient(db);
  let closing: Promise<void> | undefined;
  return markAutocommit({
    query: client.query,
    transaction: client.transaction,
    ...(client.listen === undefined ? {} : { listen: client.listen }),
    close: () => {
      const done = closing ?? db.close().finally(unlock);
      closing = done;
      return done;
    },
  });
}
