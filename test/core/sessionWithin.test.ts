import { describe, expect, it } from 'vitest';
import { InMemoryInbox, InMemoryOutbox, inMemoryStore, stateStored } from '../../src/index.js';
import { Account } from './accountFixtures.js';

describe('a session inside an inbox transaction (within)', () => {
  const setup = async () => {
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ outbox, aggregates: { accounts: stateStored<Account>('Account') } });
    const account = Account.open();
    await store.accounts.save(account);
    return { store, outbox, account, inbox: new InMemoryInbox() };
  };

  it('commits the aggregate, its events and the inbox entry together', async () => {
    const { store, outbox, account, inbox } = await setup();
    const handled = await inbox.handleOnce('billing', 'msg-1', (tx) =>
      store.transaction(async (s) => (await s.accounts.get(account.id)).deposit(5), { within: tx }),
    );
    expect(handled).toBe(true);
    expect((await store.accounts.getById(account.id)).balance).toBe(5);
    expect(outbox.pending).toHaveLength(1);
    expect(inbox.has('billing', 'msg-1')).toBe(true);
    // A redelivery runs nothing.
    const again = await inbox.handleOnce('billing', 'msg-1', (tx) =>
      store.transaction(async (s) => (await s.accounts.get(account.id)).deposit(5), { within: tx }),
    );
    expect(again).toBe(false);
    expect((await store.accounts.getById(account.id)).balance).toBe(5);
  });

  it('writes nothing, and records nothing, when the handler fails after the session', async () => {
    const { store, outbox, account, inbox } = await setup();
    await expect(
      inbox.handleOnce('billing', 'msg-2', async (tx) => {
        await store.transaction(async (s) => (await s.accounts.get(account.id)).deposit(5), { within: tx });
        throw new Error('after the session');
      }),
    ).rejects.toThrow('after the session');
    expect((await store.accounts.getById(account.id)).balance).toBe(0);
    expect(outbox.pending).toEqual([]);
    expect(inbox.has('billing', 'msg-2')).toBe(false);
  });

  it('writes nothing when another session committed the aggregate before the inbox transaction applied', async () => {
    const { store, outbox, account, inbox } = await setup();
    await expect(
      inbox.handleOnce('billing', 'msg-3', async (tx) => {
        await store.transaction(async (s) => (await s.accounts.get(account.id)).deposit(5), { within: tx });
        // Someone else moves the account on before the inbox's transaction applies.
        const other = await store.accounts.getById(account.id);
        other.deposit(100);
        await store.accounts.save(other);
      }),
    ).rejects.toMatchObject({ name: 'ConcurrencyError' });
    expect((await store.accounts.getById(account.id)).balance).toBe(100);
    expect(outbox.pending).toHaveLength(1);
    expect(inbox.has('billing', 'msg-3')).toBe(false);
  });
});
