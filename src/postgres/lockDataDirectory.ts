import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataDirectoryLockedError } from './DataDirectoryLockedError.js';

/**
 * Takes the lock file `<dataDir>.lock` (created exclusively, holding this process's id), or throws
 * {@link DataDirectoryLockedError} when a live process holds it. A lock left by a dead process is
 * taken over; a live holder's lock never is. Returns the function that releases it (idempotent,
 * also run when the process exits). @internal
 */
export function lockDataDirectory(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockFile);
      if (holder === undefined) continue; // released meanwhile: try again
      if (isAlive(holder) || attempt > 0) throw new DataDirectoryLockedError(dataDir, lockFile, holder);
      // Left by a dead process: remove it, but only if it still names that process.
      if (readHolder(lockFile) === holder) removeQuietly(lockFile);
    }
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    if (readHolder(lockFile) === process.pid) removeQuietly(lockFile);
  };
  process.on('exit', release);
  return release;
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
