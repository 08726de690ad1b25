import { ConcurrencyError, InvariantViolationError } from 'tactical-ddd';
import { forAggregate } from 'tactical-ddd/testing';
import { describe, expect, it } from 'vitest';
import { Credited, creditWallet, Debited, store, Wallet, WalletId } from './event-sourcing.js';

// #region test
describe('Wallet', () => {
  const wallet = forAggregate(() => new Wallet(WalletId.create()));

  it('debits within the balance', () => {
    wallet
      .given([Credited({ cents: 500 })])
      .when((w) => w.debit(200))
      .then([Debited({ cents: 200 })]);
  });

  it('refuses to overdraw', () => {
    wallet
      .given([Credited({ cents: 500 })])
      .when((w) => w.debit(501))
      .then(InvariantViolationError);
  });
});
// #endregion test

it('stores events and rebuilds from them, with optimistic concurrency', async () => {
  // #region round-trip
  const id = WalletId.create();
  const created = new Wallet(id);
  created.credit(1000);
  await store.transaction((s) => s.wallets.add(created));
  await creditWallet(id, 1);

  await expect(
    store.transaction(async (s) => {
      const mine = await s.wallets.get(id);
      await creditWallet(id, 1); // another writer commits first
      mine.debit(300);
    }),
  ).rejects.toBeInstanceOf(ConcurrencyError);
  expect((await store.wallets.getById(id)).balanceCents).toBe(1002);
  expect((await store.wallets.getById(id)).version).toBe(3);
  // #endregion round-trip
});
