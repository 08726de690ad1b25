// The bank's command line, without the process: `src/cli.ts` runs it.
import type { Bank } from './application/Bank.js';
import { moneyOf } from './application/Bank.js';
import type { AccountView } from './application/readModel.js';
import { describeError, EXIT, parseOptions, UsageError } from './cliSupport.js';
import { AccountId } from './domain/ids.js';
import { type OpenedBank, openBank, type Storage } from './infrastructure/openBank.js';

const USAGE = `usage: npm start -- <command> [--db memory|pglite|postgres] [--data-dir <dir>]

  open <owner> <currency>              open an account; prints its id
  deposit <id> <amount> <currency>     deposit money, e.g. deposit <id> 10.00 USD
  withdraw <id> <amount> <currency>    withdraw money
  transfer <from> <to> <amount> <cur>  move money between two accounts
  close <id>                           close an empty account
  forget <id>                          forget the account holder's name (right to erasure)
  balance <id>                         show an account's balance
  statement <id>                       list an account's movements
  accounts                             list the accounts
  transfers                            list the transfers

The store is PGlite in .data/bank by default, a PostgreSQL server when DATABASE_URL is set,
or memory with --db memory (gone when the command ends).`;

type Run = (bank: Bank, args: readonly string[]) => Promise<string>;

const showAccount = (a: AccountView): string =>
  `${a.id}  ${a.owner ?? '(forgotten)'}  ${a.balance} ${a.currency}  ${a.status}`;

const commands: Record<string, { readonly args: readonly string[]; readonly run: Run }> = {
  open: {
    args: ['owner', 'currency'],
    run: async (bank, [owner, currency]) => bank.openAccount(owner as string, currency as string),
  },
  deposit: {
    args: ['id', 'amount', 'currency'],
    run: async (bank, [id, amount, currency]) => {
      await bank.deposit(id as string, moneyOf(amount as string, currency as string));
      return balanceLine(bank, id as string, `Deposited ${amount} ${currency}.`);
    },
  },
  withdraw: {
    args: ['id', 'amount', 'currency'],
    run: async (bank, [id, amount, currency]) => {
      await bank.withdraw(id as string, moneyOf(amount as string, currency as string));
      return balanceLine(bank, id as string, `Withdrew ${amount} ${currency}.`);
    },
  },
  transfer: {
    args: ['from', 'to', 'amount', 'currency'],
    run: async (bank, [from, to, amount, currency]) => {
      const outcome = await bank.transfer(from as string, to as string, moneyOf(amount as string, currency as string));
      if (outcome.status === 'completed')
        return `Transfer ${outcome.transferId} completed: ${amount} ${currency} moved.`;
      throw new TransferFailed(
        `Transfer ${outcome.transferId} failed: ${outcome.reason}` +
          (outcome.refunded ? ` (the ${amount} ${currency} taken from ${from} was refunded)` : ' (nothing moved)'),
      );
    },
  },
  close: {
    args: ['id'],
    run: async (bank, [id]) => {
      await bank.closeAccount(id as string);
      return `Account ${id} closed.`;
    },
  },
  forget: {
    args: ['id'],
    run: async (bank, [id]) => {
      await bank.forgetAccountHolder(id as string);
      return `The holder of account ${id} is forgotten: their name can no longer be read anywhere.`;
    },
  },
  balance: {
    args: ['id'],
    run: async (bank, [id]) => showAccount(await viewOf(bank, id as string)),
  },
  statement: {
    args: ['id'],
    run: async (bank, [id]) => {
      const account = await viewOf(bank, id as string);
      const lines = await (await bank.read()).statement(account.id);
      const rows = lines.map(
        (l) => `${l.occurredAt}  ${l.amount.padStart(12)}  ${l.balance.padStart(12)}  ${l.memo ?? l.kind}`,
      );
      return [
        `Statement of ${account.id} (${account.owner ?? '(forgotten)'}, ${account.currency})`,
        ...rows,
        `Balance: ${account.balance} ${account.currency}`,
      ].join('\n');
    },
  },
  accounts: {
    args: [],
    run: async (bank) => {
      const accounts = await (await bank.read()).accounts();
      return accounts.length === 0 ? 'No accounts yet.' : accounts.map(showAccount).join('\n');
    },
  },
  transfers: {
    args: [],
    run: async (bank) => {
      const transfers = await (await bank.read()).transfers();
      if (transfers.length === 0) return 'No transfers yet.';
      return transfers
        .map(
          (t) =>
            `${t.id}  ${t.from} -> ${t.to}  ${t.amount} ${t.currency}  ${t.status}${t.reason ? `: ${t.reason}` : ''}`,
        )
        .join('\n');
    },
  },
};

/** A transfer that the bank refused: reported like the other refusals. */
class TransferFailed extends Error {
  override readonly name = 'TransferFailed';
}

async function viewOf(bank: Bank, id: string): Promise<AccountView> {
  const accountId = AccountId.parse(id); // a ValidationError for a malformed id
  await bank.accounts.getById(accountId); // a NotFoundError for an unknown one
  const view = await (await bank.read()).account(accountId);
  if (view === undefined) throw new Error(`account ${id} is missing from the read model`);
  return view;
}

async function balanceLine(bank: Bank, id: string, done: string): Promise<string> {
  const view = await viewOf(bank, id);
  return `${done} Balance: ${view.balance} ${view.currency}`;
}

/** Where the CLI writes: the console, or a test's buffers. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const consoleOutput: CliOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

/**
 * Runs one command line and resolves to its exit code. `src/cli.ts` calls it with the console and
 * `openBank`; tests call it in process with buffers and an already opened bank.
 */
export async function runCli(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  open: (storage: Storage) => Promise<OpenedBank> = openBank,
): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return fail(output, error, true);
  }
  const [name, ...args] = parsed.args;
  if (name === undefined || name === 'help') {
    output.out(USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = commands[name];
  if (command === undefined) return fail(output, new UsageError(`unknown command ${name}`), true);
  if (args.length !== command.args.length) {
    const usage = `${name} takes ${command.args.map((a) => `<${a}>`).join(' ') || 'no arguments'}`;
    return fail(output, new UsageError(usage), true);
  }
  let opened: OpenedBank | undefined;
  try {
    opened = await open(parsed.storage);
    output.out(await command.run(opened.bank, args));
    return EXIT.ok;
  } catch (error) {
    return fail(output, error, false);
  } finally {
    await opened?.close();
  }
}

function fail(output: CliOutput, error: unknown, usage: boolean): number {
  if (error instanceof TransferFailed) {
    output.err(error.message);
    return EXIT.refused;
  }
  const { message, code } = describeError(error);
  output.err(`error: ${message}`);
  if (usage) output.err(`\n${USAGE}`);
  return code;
}
