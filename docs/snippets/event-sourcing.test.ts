import { ConcurrencyError, InvariantViolationError } from 'tactical-ddd';
import { forAggregate } from 'tactical-ddd/testing';
import { describe, expect, it } from 'vitest';
import { Credited, Debited, Wallet, WalletId, wallets } from './event-sourcing.js';

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
  await wallets.save(created);

  const a = await wallets.getById(id);
  const b = await wallets.getById(id);
  a.debit(300);
  await wallets.save(a);
  b.debit(300);
  await expect(wallets.save(b)).rejects.toBeInstanceOf(ConcurrencyError); // b was loaded at version 1
  expect((await wallets.getById(id)).balanceCents).toBe(700);
  // #endregion round-trip
});
