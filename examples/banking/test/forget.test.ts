import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money } from 'tactical-ddd/money';
import { afterAll, describe, expect, it } from 'vitest';
import { openBank } from '../src/infrastructure/openBank.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('forgetting an account holder (right to erasure)', () => {
  it.each(['memory', 'pglite'] as const)(
    'on %s: the name is gone everywhere, the money and history stay',
    async (kind) => {
      const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'bank-forget-')) : '';
      if (dataDir !== '') dirs.push(dataDir);
      const { bank, client, close } = await openBank(kind === 'memory' ? { kind } : { kind, dataDir }, {
        snapshotEvery: 2,
      });
      try {
        const name = `Ada Lovelace ${crypto.randomUUID().slice(0, 6)}`;
        const ada = await bank.openAccount(name, 'USD');
        const bob = await bank.openAccount('Bob', 'USD');
        await bank.deposit(ada, Money.of('100.00', 'USD'));
        await bank.transfer(ada, bob, Money.of('25.00', 'USD')); // ada's stream passes a snapshot
        expect((await bank.accounts.getById(ada)).owner).toBe(name);
        expect(await bank.snapshotVersion(ada)).toBeGreaterThan(0);

        await bank.forgetAccountHolder(ada);
        await bank.forgetAccountHolder(ada); // idempotent

        const account = await bank.accounts.getById(ada);
        expect(account.owner).toBeNull();
        expect(account.balance.toJSON()).toEqual({ amount: '75.00', currency: 'USD' });
        const read = await bank.read();
        expect(await read.account(ada)).toMatchObject({ owner: null, balance: '75.00' });
        expect(await read.account(bob)).toMatchObject({ owner: 'Bob', balance: '25.00' });
        expect((await read.statement(ada)).map((line) => line.amount)).toEqual(['100.00', '-25.00']);
        // The history still reads, and still moves money.
        await bank.deposit(ada, Money.of('1.00', 'USD'));
        expect((await bank.accounts.getById(ada)).balance.toJSON().amount).toBe('76.00');
        if (client !== undefined) {
          // Every row of every table of the bank's schema, as text: the name is in none of them.
          const { rows: tables } = await client.query<{ table_name: string }>(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'bank'`,
          );
          expect(tables.length).toBeGreaterThan(5);
          for (const { table_name } of tables) {
            const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM bank."${table_name}" t`);
            for (const { row } of rows) expect(row, table_name).not.toContain(name);
          }
        }
      } finally {
        await close();
      }
    },
  );
});
