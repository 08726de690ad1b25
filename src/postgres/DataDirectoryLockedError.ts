import { DomainError } from '../core/DomainError.js';

/**
 * Thrown by {@link openPGlite} when another live process (or this one) already has the PGlite data
 * directory open. PGlite itself does not notice a second opener and silently loses data then, so
 * the adapter keeps a lock file beside the directory.
 *
 * @example
 * ```ts
 * try {
 *   await openPGlite({ dataDir: './data/app' });
 * } catch (error) {
 *   if (error instanceof DataDirectoryLockedError) console.error(`in use by process ${error.pid}`);
 * }
 * ```
 */
export class DataDirectoryLockedError extends DomainError {
  declare readonly name: 'DataDirectoryLockedError';
  declare readonly code: 'postgres.data_directory_locked';
  /** The data directory. */
  declare readonly dataDir: string;
  /** The lock file (`<dataDir>.lock`). */
  declare readonly lockFile: string;
  /** The process id that holds the lock. */
  declare readonly pid: number;

  /**
   * @param dataDir - The data directory.
   * @param lockFile - The lock file.
   * @param pid - The process that holds it.
   */
  constructor(dataDir: string, lockFile: string, pid: number) {
    super(
      `The PGlite data directory ${dataDir} is already open in process ${pid} (lock file ${lockFile}); PGlite allows one process per directory`,
    );
    this.name = 'DataDirectoryLockedError';
    this.code = 'postgres.data_directory_locked';
    this.dataDir = dataDir;
    this.lockFile = lockFile;
    this.pid = pid;
  }
}
