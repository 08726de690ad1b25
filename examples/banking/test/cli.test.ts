import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedBank, openBank } from '../src/infrastructure/openBank.js';
import { runCli } from '../src/runCli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bank-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `npm start` would, in its own process, against a PGlite directory of the test. */
function child(...args: string[]): Promise<Result> {
  const env = { ...process.env };
  delete env.DATABASE_URL; // PGlite, whatever the machine has
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args, '--data-dir', join(dir, 'child')],
      { cwd: root, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/**
 * Runs the same CLI code in this process, against one PGlite bank opened for the whole file
 * (starting PGlite per command, as a child process does, is what made these tests slow). Output
 * is collected exactly as the console would print it: each write is a line.
 */
let shared: OpenedBank | undefined;
async function cli(...args: string[]): Promise<Result> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    ['--db', 'pglite', '--data-dir', join(dir, 'shared'), ...args],
    { out: (text) => stdout.push(`${text}\n`), err: (text) => stderr.push(`${text}\n`) },
    async (storage) => {
      expect(storage).toMatchObject({ kind: 'pglite', dataDir: join(dir, 'shared') });
      return { ...(shared as OpenedBank), close: async () => undefined }; // kept open for the next command
    },
  );
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the bank CLI as a process, on a PGlite directory', { timeout: 120_000 }, () => {
  it('keeps state between runs, prints refusals without a stack trace, and exits with their codes', async () => {
    const ada = (await child('open', 'Ada', 'USD')).stdout.trim();
    expect(ada).toMatch(UUID);
    expect(await child('deposit', ada, '10.00', 'USD')).toEqual({
      code: 0,
      stdout: 'Deposited 10.00 USD. Balance: 10.00 USD\n',
      stderr: '',
    });
    const refused = await child('withdraw', ada, '100.00', 'USD');
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error: Insufficient funds in account .*: the balance is 10\.00 USD/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stdout).toBe('');
    expect(await child('balance', ada)).toMatchObject({ code: 0, stdout: `${ada}  Ada  10.00 USD  open\n` });
  });
});

describe('the bank CLI in process, on PGlite', () => {
  beforeAll(async () => {
    shared = await openBank({ kind: 'pglite', dataDir: join(dir, 'shared'), schema: 'bank' });
  });
  afterAll(async () => {
    await shared?.close();
  });

  let ada = '';
  let bob = '';
  let eve = '';

  it('opens accounts and prints their ids', async () => {
    ada = (await cli('open', 'Ada', 'USD')).stdout.trim();
    bob = (await cli('open', 'Bob', 'USD')).stdout.trim();
    eve = (await cli('open', 'Eve', 'EUR')).stdout.trim();
    for (const id of [ada, bob, eve]) expect(id).toMatch(UUID);
  });

  it('deposits, withdraws and transfers', async () => {
    expect(await cli('deposit', ada, '10.00', 'USD')).toMatchObject({
      code: 0,
      stdout: 'Deposited 10.00 USD. Balance: 10.00 USD\n',
    });
    expect((await cli('withdraw', ada, '2.50', 'USD')).stdout).toBe('Withdrew 2.50 USD. Balance: 7.50 USD\n');
    const transfer = await cli('transfer', ada, bob, '3.00', 'USD');
    expect(transfer.code).toBe(0);
    expect(transfer.stdout).toMatch(/^Transfer \S+ completed: 3\.00 USD moved\.\n$/);
    expect((await cli('balance', bob)).stdout).toBe(`${bob}  Bob  3.00 USD  open\n`);
  });

  it('reports a compensated transfer with exit code 4', async () => {
    const result = await cli('transfer', ada, eve, '1.00', 'USD');
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /failed: Cannot deposit USD and EUR: the currencies differ \(the 1\.00 USD taken from .* was refunded\)/,
    );
    const statement = await cli('statement', ada);
    expect(statement.code).toBe(0);
    expect(statement.stdout).toMatch(/Refund of transfer to/);
    expect(statement.stdout).toMatch(/Balance: 4\.50 USD\n$/);
  });

  it('lists accounts and transfers', async () => {
    const accounts = await cli('accounts');
    expect(accounts.stdout.trim().split('\n')).toEqual([
      `${ada}  Ada  4.50 USD  open`,
      `${bob}  Bob  3.00 USD  open`,
      `${eve}  Eve  0.00 EUR  open`,
    ]);
    expect((await cli('transfers')).stdout).toMatch(/completed\n.*failed: Cannot deposit/);
  });

  it.each([
    [
      'insufficient funds',
      ['withdraw', 'ADA', '100.00', 'USD'],
      4,
      /^error: Insufficient funds in account .*: the balance is 4\.50 USD, 100\.00 USD was requested\n$/,
    ],
    [
      'a wrong currency',
      ['deposit', 'ADA', '1.00', 'EUR'],
      4,
      /^error: Cannot deposit EUR and USD: the currencies differ\n$/,
    ],
    [
      'a bad amount',
      ['deposit', 'ADA', '1.001', 'USD'],
      2,
      /^error: invalid input: amount: 1\.001 has more than 2 fraction digits/,
    ],
    ['a non-numeric amount', ['deposit', 'ADA', 'ten', 'USD'], 2, /^error: invalid input: amount: /],
    [
      'a negative amount',
      ['deposit', 'ADA', '-1.00', 'USD'],
      2,
      /^error: invalid input: money: the amount to deposit must be positive\n$/,
    ],
    [
      'an unknown currency',
      ['open', 'Zed', 'XYZ'],
      2,
      /^error: invalid input: currency: "XYZ" is not an active ISO 4217 currency code\n$/,
    ],
    ['a bad id', ['balance', 'not-an-id'], 2, /^error: invalid input: .*must be a uuid\n$/],
    [
      'an unknown account',
      ['balance', '0190d1f2-3c4b-7a8b-9c0d-1e2f3a4b5c6d'],
      3,
      /^error: unknown account 0190d1f2-3c4b-7a8b-9c0d-1e2f3a4b5c6d\n$/,
    ],
    ['an unknown command', ['frobnicate'], 2, /^error: unknown command frobnicate\n\nusage:/],
    ['missing arguments', ['deposit', 'ADA'], 2, /^error: deposit takes <id> <amount> <currency>\n/],
    [
      'an unknown store',
      ['accounts', '--db', 'mongo'],
      2,
      /^error: --db must be memory, pglite or postgres, not mongo\n/,
    ],
  ])('refuses %s with a message, its exit code and no stack trace', async (_name, args, code, message) => {
    const result = await cli(...args.map((arg) => (arg === 'ADA' ? ada : arg)));
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('stored nothing for the refused commands', async () => {
    expect((await cli('balance', ada)).stdout).toBe(`${ada}  Ada  4.50 USD  open\n`);
  });
});
