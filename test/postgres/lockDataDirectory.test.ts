import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirectoryLockedError } from '../../src/postgres/index.js';
import { lockDataDirectory } from '../../src/postgres/lockDataDirectory.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tactical-ddd-lock-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn` with the pid of a live process that is not this one. */
async function withLiveProcess(fn: (pid: number) => void): Promise<void> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  try {
    fn(child.pid as number);
  } finally {
    child.kill();
  }
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('lockDataDirectory', () => {
  it('creates <dataDir>.lock holding this pid, and removes it on release (once)', () => {
    const dataDir = join(dir, 'nested', 'db');
    const release = lockDataDirectory(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    release();
  });

  it('refuses a second lock in the same process', () => {
    const dataDir = join(dir, 'db');
    const release = lockDataDirectory(dataDir);
    try {
      let failure: unknown;
      try {
        lockDataDirectory(dataDir);
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(DataDirectoryLockedError);
      expect(failure).toMatchObject({ dataDir, pid: process.pid, lockFile: `${dataDir}.lock` });
    } finally {
      release();
    }
  });

  it('never takes over the lock of a live process', async () => {
    const dataDir = join(dir, 'db');
    await withLiveProcess((pid) => {
      writeFileSync(`${dataDir}.lock`, String(pid));
      expect(() => lockDataDirectory(dataDir)).toThrow(DataDirectoryLockedError);
      expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(pid));
    });
  });

  it('takes over a lock left by a dead process', async () => {
    const dataDir = join(dir, 'db');
    writeFileSync(`${dataDir}.lock`, String(await deadPid()));
    const release = lockDataDirectory(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
  });

  it('does not remove a lock that another process took after ours was removed', async () => {
    const dataDir = join(dir, 'db');
    const release = lockDataDirectory(dataDir);
    await withLiveProcess((pid) => {
      writeFileSync(`${dataDir}.lock`, String(pid)); // someone else's now
      release();
      expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(pid));
    });
  });
});
