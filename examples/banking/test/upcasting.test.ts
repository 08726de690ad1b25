import { InMemoryEventStore } from 'tactical-ddd/event-sourcing';
import { Money } from 'tactical-ddd/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../src/domain/Account.js';
import { AccountOpened, bankEvents, MoneyDeposited, MoneyDepositedV1, MoneyWithdrawnV1 } from '../src/domain/events.js';
import { AccountId } from '../src/domain/ids.js';
import { type OpenedBank, openBank } from '../src/infrastructure/openBank.js';
import { stored } from './support.js';

describe('upcasting MoneyDeposited/MoneyWithdrawn v1 ({ amount }) to v2 ({ money })', () => {
  it('reads a v1 event stored as JSON as the current v2 event', () => {
    const json = JSON.stringify(stored(MoneyDepositedV1({ amount: { amount: '12.50', currency: 'USD' } }), 'a', 2));
    const event = bankEvents.deserialize(json);
    expect(event.type).toBe('MoneyDeposited');
    expect(event.schemaVersion).toBe(2);
    if (!MoneyDeposited.is(event)) throw new Error('not a MoneyDeposited');
    expect(event.payload.money.equals(Money.of('12.50', 'USD'))).toBe(true);
    expect(event.payload).not.toHaveProperty('amount');
  });

  it('rebuilds an account from a stream that mixes v1 and v2 events', async () => {
    const store = new InMemoryEventStore({ registry: bankEvents });
    const id = AccountId.create();
    await store.appendToStream(`Account-${id}`, [
      stored(AccountOpened({ owner: 'Ada', currency: 'USD' }), id, 1),
      stored(MoneyDepositedV1({ amount: { amount: '100.00', currency: 'USD' } }), id, 2),
      stored(MoneyWithdrawnV1({ amount: { amount: '30.00', currency: 'USD' } }), id, 3),
      stored(MoneyDeposited({ money: { amount: '0.05', currency: 'USD' } }), id, 4),
    ]);
    const history = await store.readStream(`Account-${id}`);
    expect(history.map((e) => `${e.type}@${e.schemaVersion}`)).toEqual([
      'AccountOpened@1',
      'MoneyDeposited@2',
      'MoneyWithdrawn@2',
      'MoneyDeposited@2',
    ]);
    const account = new Account(id).rehydrate(history as Parameters<Account['rehydrate']>[0]);
    expect(account.balance.toJSON()).toEqual({ amount: '70.05', currency: 'USD' });
  });

  describe('on PGlite', () => {
    let opened: OpenedBank;
    beforeAll(async () => {
      opened = await openBank({ kind: 'pglite', dataDir: 'memory://', schema: 'upcasting' });
    });
    afterAll(() => opened.close());

    it('a v1 event stored before the rename still loads and projects', async () => {
      const { bank } = opened;
      const id = await bank.openAccount('Old Timer', 'EUR');
      // An event written by the first release: straight into the store, as it was then.
      await bank.events.appendToStream(
        `Account-${id}`,
        [stored(MoneyDepositedV1({ amount: { amount: '7.00', currency: 'EUR' } }), id, 2)],
        {
          expectedVersion: 1,
        },
      );
      expect((await bank.accounts.getById(id)).balance.toJSON()).toEqual({ amount: '7.00', currency: 'EUR' });
      expect((await (await bank.read()).account(id))?.balance).toBe('7.00');
    });
  });
});
