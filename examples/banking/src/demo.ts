// `npm run demo`: a scripted story on a fresh PGlite database (or `-- --db memory`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moneyOf } from './application/Bank.js';
import { openBank, type Storage } from './infrastructure/openBank.js';

const inMemory = process.argv.includes('memory');
const dir = inMemory ? undefined : mkdtempSync(join(tmpdir(), 'bank-demo-'));
const storage: Storage = dir === undefined ? { kind: 'memory' } : { kind: 'pglite', dataDir: join(dir, 'db') };
const { bank, close } = await openBank(storage, { snapshotEvery: 5 });
const say = (line: string) => console.log(line);

try {
  say(`Store: ${dir === undefined ? 'in memory' : `PGlite in ${dir}`}\n`);
  const ada = await bank.openAccount('Ada Lovelace', 'USD');
  const bob = await bank.openAccount('Bob Babbage', 'USD');
  const eve = await bank.openAccount('Eve Euro', 'EUR');
  say(`1. Opened three accounts: Ada (USD) ${ada}, Bob (USD) ${bob}, Eve (EUR) ${eve}`);

  await bank.deposit(ada, moneyOf('100.00', 'USD'));
  await bank.deposit(ada, moneyOf('20.00', 'USD'));
  await bank.withdraw(ada, moneyOf('5.00', 'USD'));
  say('2. Ada deposits 100.00 and 20.00 USD, withdraws 5.00 USD');

  try {
    await bank.withdraw(ada, moneyOf('1000.00', 'USD'));
  } catch (error) {
    say(`3. Ada tries to withdraw 1000.00 USD: refused (${(error as Error).name}: ${(error as Error).message})`);
  }

  const ok = await bank.transfer(ada, bob, moneyOf('30.00', 'USD'));
  say(`4. Transfer Ada -> Bob 30.00 USD: ${ok.status}`);

  const failed = await bank.transfer(ada, eve, moneyOf('10.00', 'USD'));
  say(
    `5. Transfer Ada -> Eve 10.00 USD: ${failed.status} (${failed.reason}); ` +
      `the process manager compensated: refunded = ${failed.refunded}`,
  );

  const snapshot = await bank.snapshotVersion(ada);
  const account = await bank.accounts.getById(ada);
  say(`6. Ada's stream has ${account.version} events; a snapshot was taken at version ${snapshot}`);
  say(`   so loading Ada replays only the ${account.version - (snapshot ?? 0)} event(s) after it\n`);

  const read = await bank.read();
  for (const id of [ada, bob, eve]) {
    const view = await read.account(id);
    say(`${(view?.owner ?? '(forgotten)').padEnd(14)} ${view?.balance.padStart(8)} ${view?.currency}`);
  }
  say("\nAda's statement (from the statement projection):");
  for (const line of await read.statement(ada)) {
    say(`  ${line.amount.padStart(8)}  ${line.balance.padStart(8)}  ${line.memo ?? line.kind}`);
  }
} finally {
  await close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}
