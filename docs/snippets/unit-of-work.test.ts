import { ConcurrencyError, NotFoundError, StaleVersionError, ValidationError } from 'tactical-ddd';
import { expect, it } from 'vitest';
import { Account, audit, closeAccount, creditOnce, Deposited, store, transfer } from './unit-of-work.js';

const pending = () =>
  (store.outbox?.pending ?? []).map((m) => (m.kind === 'event' ? [m.event.type, m.event.metadata.correlationId] : []));

it('commits both accounts and their events, or nothing', async () => {
  await store.accounts.save(Account.open('a', 1000));
  await store.accounts.save(Account.open('b', 0));

  await transfer('a', 'b', 300);
  expect((await store.accounts.getById('a')).cents).toBe(700);
  expect((await store.accounts.getById('b')).cents).toBe(300);
  expect(pending()).toEqual([
    ['Withdrawn', 'transfer:a:b'],
    ['Deposited', 'transfer:a:b'],
  ]);

  await expect(transfer('a', 'nobody', 100)).rejects.toBeInstanceOf(NotFoundError);
  expect((await store.accounts.getById('a')).cents).toBe(700); // the withdrawal was never written
  expect(pending()).toHaveLength(2);

  // A copy loaded before another commit is refused at commit, and nothing of it is applied.
  const stale = await store.accounts.getById('b');
  await transfer('a', 'b', 100);
  stale.deposit(1);
  await expect(store.accounts.save(stale)).rejects.toBeInstanceOf(ConcurrencyError);
  expect((await store.accounts.getById('b')).cents).toBe(400);

  // A client's stale version (If-Match) is refused at load.
  const b = await store.accounts.getById('b');
  await expect(
    store.transaction((s) => s.accounts.get('b', { expectedVersion: b.version - 1 })),
  ).rejects.toBeInstanceOf(StaleVersionError);
});

it('commits a participant with the session, and a session inside an inbox transaction once', async () => {
  await store.accounts.save(Account.open('c', 50));
  await closeAccount('c');
  expect(audit).toEqual(['closed c']);
  await expect(closeAccount('c')).rejects.toBeInstanceOf(ValidationError); // nothing left to withdraw
  expect(audit).toEqual(['closed c']);

  const event = {
    ...Deposited({ cents: 5 }),
    id: 'evt-1',
    aggregateId: 'x',
    aggregateVersion: 1,
    occurredAt: new Date().toISOString(),
    metadata: {},
  };
  expect(await creditOnce(event, 'c', 5)).toBe(true);
  expect(await creditOnce(event, 'c', 5)).toBe(false); // a redelivery: dropped
  expect((await store.accounts.getById('c')).cents).toBe(5);
});
