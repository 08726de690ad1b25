import { inMemoryStore, NotFoundError, ValidationError } from 'tactical-ddd';
import { InMemoryEventStore, InMemorySnapshotStore } from 'tactical-ddd/event-sourcing';
import { Money } from 'tactical-ddd/money';
import { describe, expect, it } from 'vitest';
import { Bank } from '../src/application/Bank.js';
import { transferProcess } from '../src/application/transferProcess.js';
import { bankEvents } from '../src/domain/events.js';
import { TransferId } from '../src/domain/ids.js';
import { Transfer } from '../src/domain/Transfer.js';
import { InMemoryReadModel } from '../src/infrastructure/InMemoryReadModel.js';
import { openBank } from '../src/infrastructure/openBank.js';

const usd = (amount: string) => Money.of(amount, 'USD');

async function twoAccounts() {
  const { bank } = await openBank({ kind: 'memory' });
  const ada = await bank.openAccount('Ada', 'USD');
  const bob = await bank.openAccount('Bob', 'USD');
  await bank.deposit(ada, usd('10.00'));
  return { bank, ada, bob };
}

const balance = async (bank: Bank, id: string) => (await bank.accounts.getById(id as never)).balance.toJSON().amount;

describe('TransferService: the transfer process manager', () => {
  it('moves the money and completes the transfer', async () => {
    const { bank, ada, bob } = await twoAccounts();
    const outcome = await bank.transfer(ada, bob, usd('3.00'));
    expect(outcome.status).toBe('completed');
    expect([await balance(bank, ada), await balance(bank, bob)]).toEqual(['7.00', '3.00']);
    const transfer = await (await bank.read()).transfer(outcome.transferId);
    expect(transfer).toMatchObject({ status: 'completed', amount: '3.00', currency: 'USD', reason: null });
  });

  it('refunds the source when the target refuses the deposit (closed account)', async () => {
    const { bank, ada, bob } = await twoAccounts();
    await bank.closeAccount(bob);
    const outcome = await bank.transfer(ada, bob, usd('4.00'));
    expect(outcome).toMatchObject({ status: 'failed', refunded: true, reason: `Account ${bob} is closed` });
    expect(await balance(bank, ada)).toBe('10.00');
    const lines = await (await bank.read()).statement(ada);
    expect(lines.map((l) => [l.amount, l.balance, l.transferId])).toEqual([
      ['10.00', '10.00', null],
      ['-4.00', '6.00', outcome.transferId],
      ['4.00', '10.00', outcome.transferId],
    ]);
    expect(lines[2]?.memo).toMatch(/^Refund of transfer/);
  });

  it('refunds the source when the target holds another currency', async () => {
    const { bank, ada } = await twoAccounts();
    const eve = await bank.openAccount('Eve', 'EUR');
    const outcome = await bank.transfer(ada, eve, usd('1.00'));
    expect(outcome).toMatchObject({ status: 'failed', refunded: true });
    expect(outcome.reason).toMatch(/currencies differ/);
    expect(await balance(bank, ada)).toBe('10.00');
    expect(await balance(bank, eve)).toBe('0.00');
  });

  it('rejects a transfer the source cannot pay: nothing moves, nothing to refund', async () => {
    const { bank, ada, bob } = await twoAccounts();
    const outcome = await bank.transfer(ada, bob, usd('10.01'));
    expect(outcome).toMatchObject({ status: 'failed', refunded: false });
    expect(outcome.reason).toMatch(/Insufficient funds/);
    expect(await (await bank.read()).statement(ada)).toHaveLength(1);
    expect(await balance(bank, bob)).toBe('0.00');
  });

  it('refuses bad requests before storing anything', async () => {
    const { bank, ada } = await twoAccounts();
    await expect(bank.transfer(ada, ada, usd('1.00'))).rejects.toBeInstanceOf(ValidationError);
    await expect(bank.transfer(ada, TransferId.create(), usd('1.00'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(bank.transfer(ada, 'not-an-id', usd('1.00'))).rejects.toBeInstanceOf(ValidationError);
    expect(await (await bank.read()).transfers()).toEqual([]);
  });

  it('records each run by correlation id, and ignores redelivered events', async () => {
    const { bank, ada, bob } = await twoAccounts();
    await bank.closeAccount(bob);
    const process = transferProcess(bank.store);
    const transferId = TransferId.create();
    // A transfer requested without the bank's relay: this test hands the events to the process.
    await bank.store.transaction((s) => s.transfers.add(Transfer.request(transferId, ada, bob, usd('2.00'))), {
      metadata: { correlationId: transferId },
    });
    const [requested] = await bank.events.readStream(`Transfer-${transferId}`);
    await process.handle(requested as NonNullable<typeof requested>);
    await process.handle(requested as NonNullable<typeof requested>); // delivered twice: handled once
    const withdrawn = (await bank.events.readStream(`Account-${ada}`)).at(-1);
    expect(withdrawn).toMatchObject({ type: 'MoneyWithdrawn', metadata: { correlationId: transferId } });
    await process.handle(withdrawn as NonNullable<typeof withdrawn>);
    await process.handle(withdrawn as NonNullable<typeof withdrawn>);
    const run = await bank.store.transferRuns.getById(transferId);
    expect(run.props).toMatchObject({
      status: 'compensated',
      state: { step: 'refunded' },
      reason: `Account ${bob} is closed`,
      handled: [requested?.id, withdrawn?.id],
    });
    expect(await balance(bank, ada)).toBe('10.00');
    expect((await bank.transfers.getById(transferId)).details).toMatchObject({ status: 'failed', refunded: true });
  });

  it('works the same on the in-memory store wired by hand', async () => {
    const eventStore = new InMemoryEventStore({ registry: bankEvents });
    const bank = new Bank({
      openStore: (aggregates) => inMemoryStore({ aggregates, eventStore }),
      events: eventStore,
      snapshots: new InMemorySnapshotStore(),
      readModel: new InMemoryReadModel(),
      catchUp: async () => 0,
    });
    const a = await bank.openAccount('A', 'JPY');
    const b = await bank.openAccount('B', 'JPY');
    await bank.deposit(a, Money.of('500', 'JPY'));
    expect((await bank.transfer(a, b, Money.of('200', 'JPY'))).status).toBe('completed');
    expect(await balance(bank, b)).toBe('200');
  });
});
