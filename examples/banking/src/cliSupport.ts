import { fileURLToPath } from 'node:url';
import { ConcurrencyError, NotFoundError, ValidationError } from 'tactical-ddd';
import { CurrencyMismatchError } from 'tactical-ddd/money';
import { DataDirectoryLockedError } from 'tactical-ddd/postgres';
import { AccountClosedError, InsufficientFundsError } from './domain/errors.js';
import type { Storage } from './infrastructure/openBank.js';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, unexpected: 1, badInput: 2, notFound: 3, refused: 4, busy: 5 } as const;

/** Thrown for a command line that does not make sense; printed with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data/bank', import.meta.url));

/**
 * Picks the store from the options: `--db memory`, `--db pglite` (the default, in `--data-dir`,
 * default `.data/bank`), or `--db postgres` (the default when DATABASE_URL is set). The schema is
 * `bank`, or BANK_SCHEMA.
 */
export function parseOptions(argv: readonly string[]): { storage: Storage; args: string[] } {
  const args: string[] = [];
  let db: string | undefined;
  let dataDir = DEFAULT_DATA_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--db' || arg === '--data-dir') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--db') db = value;
      else dataDir = value;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      args.push(arg);
    }
  }
  const url = process.env.DATABASE_URL;
  const schema = process.env.BANK_SCHEMA ?? 'bank';
  switch (db ?? (url ? 'postgres' : 'pglite')) {
    case 'memory':
      return { storage: { kind: 'memory' }, args };
    case 'pglite':
      return { storage: { kind: 'pglite', dataDir, schema }, args };
    case 'postgres':
      if (!url) throw new UsageError('--db postgres needs DATABASE_URL (postgres://user@host:5432/db)');
      return { storage: { kind: 'postgres', url, schema }, args };
    default:
      throw new UsageError(`--db must be memory, pglite or postgres, not ${db}`);
  }
}

/** Turns an expected error into a one-line message and an exit code; anything else is unexpected. */
export function describeError(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: EXIT.badInput };
  if (error instanceof ValidationError) {
    const issues = error.issues.map((issue) => `${issue.field || error.subject}: ${issue.message}`);
    return { message: `invalid input: ${issues.join('; ')}`, code: EXIT.badInput };
  }
  if (error instanceof NotFoundError)
    return { message: `unknown ${error.entity.toLowerCase()} ${error.id}`, code: EXIT.notFound };
  if (
    error instanceof InsufficientFundsError ||
    error instanceof AccountClosedError ||
    error instanceof CurrencyMismatchError
  ) {
    return { message: error.message, code: EXIT.refused };
  }
  if (error instanceof ConcurrencyError) return { message: `${error.message}; try again`, code: EXIT.busy };
  if (error instanceof DataDirectoryLockedError) return { message: error.message, code: EXIT.busy };
  return {
    message: `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    code: EXIT.unexpected,
  };
}
