import { ConcurrencyError, NotFoundError } from 'tactical-ddd';
import { expect, it } from 'vitest';
import { Account, accounts, outbox, transfer } from './unit-of-work.js';

it('commits both accounts and their events, or nothing', async () => {
  await accounts.save(Account.open('a', 1000));
  await accounts.save(Account.open('b', 0));

  await transfer('a', 'b', 300);
  expect((await accounts.getById('a')).cents).toBe(700);
  expect((await accounts.getById('b')).cents).toBe(300);
  expect(outbox.pending.map((m) => [m.event.type, m.event.metadata.correlationId])).toEqual([
    ['Withdrawn', 'transfer:a:b'],
    ['Deposited', 'transfer:a:b'],
  ]);

  await expect(transfer('a', 'nobody', 100)).rejects.toBeInstanceOf(NotFoundError);
  expect((await accounts.getById('a')).cents).toBe(700); // the staged withdrawal was discarded
  expect(outbox.pending).toHaveLength(2);

  // A stale copy is refused, and nothing of it is applied.
  const stale = await accounts.getById('b');
  await transfer('a', 'b', 100);
  stale.deposit(1);
  await expect(accounts.save(stale)).rejects.toBeInstanceOf(ConcurrencyError);
  expect((await accounts.getById('b')).cents).toBe(400);
});
