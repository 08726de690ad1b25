import { Money } from 'tactical-ddd/money';
import { connectPg } from 'tactical-ddd/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedBank, openBank } from '../src/infrastructure/openBank.js';

// On a PostgreSQL server: DATABASE_URL, default the local test server. Without a server the test
// is skipped, except in CI (CI=true), where an unreachable server is a failure.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bank_test_${Math.random().toString(36).slice(2, 10)}`;

async function reachable(): Promise<boolean> {
  const client = await connectPg({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    return false;
  } finally {
    await client.close();
  }
}

const available = await reachable();

describe.skipIf(!available)('the bank on a PostgreSQL server', () => {
  let opened: OpenedBank;
  beforeAll(async () => {
    opened = await openBank({ kind: 'postgres', url, schema }, { snapshotEvery: 3 });
  });
  afterAll(async () => {
    await opened.client?.query(`DROP SCHEMA "${schema}" CASCADE`);
    await opened.close();
  });

  it('moves money, compensates a failed transfer, snapshots and projects', async () => {
    const { bank } = opened;
    const ada = await bank.openAccount('Ada', 'USD');
    const bob = await bank.openAccount('Bob', 'USD');
    await bank.deposit(ada, Money.of('50.00', 'USD'));
    expect((await bank.transfer(ada, bob, Money.of('20.00', 'USD'))).status).toBe('completed');
    await bank.withdraw(bob, Money.of('20.00', 'USD'));
    await bank.closeAccount(bob);
    const failed = await bank.transfer(ada, bob, Money.of('5.00', 'USD'));
    expect(failed).toMatchObject({ status: 'failed', refunded: true });
    expect(await bank.snapshotVersion(ada)).toBe(3);
    expect((await bank.accounts.getById(ada)).balance.toJSON().amount).toBe('30.00');
    const read = await bank.read();
    expect(await read.account(ada)).toMatchObject({ balance: '30.00', version: 5 });
    expect(await read.account(bob)).toMatchObject({ balance: '0.00', status: 'closed' });
  });
});
