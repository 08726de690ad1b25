import { Money } from 'tactical-ddd/money';
import { PostgresCheckpointStore, type SqlClient } from 'tactical-ddd/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTION_NAME } from '../src/application/readModel.js';
import { type OpenedBank, openBank } from '../src/infrastructure/openBank.js';

const usd = (amount: string) => Money.of(amount, 'USD');

describe('balance, statement and transfer projections on PGlite (PostgresProjector + checkpoints)', () => {
  let opened: OpenedBank;
  beforeAll(async () => {
    opened = await openBank({ kind: 'pglite', dataDir: 'memory://', schema: 'projections' });
  });
  afterAll(() => opened.close());

  it('keeps balances and statements from the events, each event applied once', async () => {
    const { bank } = opened;
    const ada = await bank.openAccount('Ada', 'USD');
    const bob = await bank.openAccount('Bob', 'USD');
    await bank.deposit(ada, usd('100.00'));
    await bank.withdraw(ada, usd('0.01'));
    const { transferId } = await bank.transfer(ada, bob, usd('25.50'));

    const read = await bank.read();
    expect(await read.account(ada)).toMatchObject({ owner: 'Ada', currency: 'USD', balance: '74.49', status: 'open' });
    expect(await read.account(bob)).toMatchObject({ balance: '25.50' });
    expect((await read.statement(ada)).map((l) => [l.kind, l.amount, l.balance])).toEqual([
      ['deposit', '100.00', '100.00'],
      ['withdrawal', '-0.01', '99.99'],
      ['withdrawal', '-25.50', '74.49'],
    ]);
    expect((await read.statement(bob))[0]).toMatchObject({ amount: '25.50', transferId, memo: `Transfer from ${ada}` });
    expect(await read.transfers()).toEqual([
      {
        id: transferId,
        from: ada,
        to: bob,
        amount: '25.50',
        currency: 'USD',
        status: 'completed',
        reason: null,
        refunded: null,
      },
    ]);
    expect((await read.accounts()).map((a) => a.owner)).toEqual(['Ada', 'Bob']);

    // Caught up: nothing is applied twice, and the checkpoint is the last event's position.
    const again = await bank.read();
    expect((await again.statement(ada)).length).toBe(3);
    const checkpoints = new PostgresCheckpointStore({ client: opened.client as SqlClient, schema: 'projections' });
    const events = await bank.events.readAll({ fromPosition: 0n });
    expect(await checkpoints.load(PROJECTION_NAME)).toBe(events.at(-1)?.globalPosition);
  });
});
