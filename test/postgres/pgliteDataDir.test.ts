import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateStored } from '../../src/index.js';
import {
  type ClosableSqlClient,
  DataDirectoryLockedError,
  migrate,
  openPGlite,
  postgresStore,
} from '../../src/postgres/index.js';
import { Account, accountMapping } from './fixtures.js';
import { repositorySuite, sqlClientSuite } from './suites.js';

const dir = mkdtempSync(join(tmpdir(), 'tactical-ddd-pglite-'));
const dataDir = join(dir, 'db');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openPGlite on a data directory', () => {
  it('keeps the data across close and reopen, and locks the directory while open', async () => {
    const first = await openPGlite({ dataDir });
    try {
      expect(existsSync(`${dataDir}.lock`)).toBe(true);
      await migrate(first, { schema: 'app' });
      const accounts = postgresStore({
        client: first,
        schema: 'app',
        aggregates: { accounts: stateStored('Account', accountMapping) },
      }).accounts;
      const account = Account.open('kept', 'ada');
      account.deposit(42);
      await accounts.save(account);

      // A second open in this process fails fast instead of corrupting the directory.
      await expect(openPGlite({ dataDir })).rejects.toBeInstanceOf(DataDirectoryLockedError);

      // So does another process.
      const script = `
        import { openPGlite } from ${JSON.stringify(resolve('src/postgres/index.ts'))};
        try { await openPGlite({ dataDir: ${JSON.stringify(dataDir)} }); console.log('opened'); }
        catch (error) { console.log(error.name + ' ' + error.pid); }
      `;
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ]);
      expect(stdout.trim()).toBe(`DataDirectoryLockedError ${process.pid}`);
    } finally {
      await first.close();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const again = await openPGlite({ dataDir });
    try {
      expect((await migrate(again, { schema: 'app' })).applied).toEqual([]);
      const accounts = postgresStore({
        client: again,
        schema: 'app',
        aggregates: { accounts: stateStored('Account', accountMapping) },
      }).accounts;
      const loaded = await accounts.getById('kept');
      expect(loaded.props.balance).toBe(42);
      expect(loaded.version).toBe(1);
    } finally {
      await again.close();
      await again.close(); // closing twice is harmless
    }
  }, 120_000);
});

describe('on PGlite with a data directory', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await openPGlite({ dataDir: join(dir, 'suites') });
  }, 60_000);
  afterAll(async () => {
    await client.close();
  });

  sqlClientSuite(() => client);
  repositorySuite(() => client);
});
