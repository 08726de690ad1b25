import { EventSourcedRepository } from 'tactical-ddd/event-sourcing';
import { expect, it } from 'vitest';
import { Wallet, WalletId } from './event-sourcing.js';
import { balances, checkpoints, rebuild, runner, store, walletBalances } from './projections.js';

const wallets = new EventSourcedRepository({ store, name: 'Wallet', create: (id: WalletId) => new Wallet(id) });

it('feeds a read model from the global order, checkpoints it, rebuilds it and follows new events', async () => {
  // #region use
  const wallet = new Wallet(WalletId.create());
  wallet.credit(500);
  wallet.debit(200);
  await wallets.save(wallet);

  await runner.catchUp(); // 2: handles everything committed after the checkpoint
  balances.get(wallet.id); // { cents: 300, version: 2 }
  await runner.catchUp(); // 0: nothing new since the checkpoint

  const controller = new AbortController();
  const following = runner.run({ signal: controller.signal, pollIntervalMs: 10 }); // polls for new events
  // ... on shutdown:
  controller.abort();
  await following;
  // #endregion use
  expect(balances.get(wallet.id)).toEqual({ cents: 300, version: 2 });
  expect(await checkpoints.load(walletBalances.name)).toBe(2n);
  expect(await runner.catchUp()).toBe(0);

  // Following: a new event reaches the read model without another catchUp.
  const again = new AbortController();
  const running = runner.run({ signal: again.signal, pollIntervalMs: 5 });
  const later = await wallets.getById(wallet.id);
  later.credit(50);
  await wallets.save(later);
  await expect.poll(() => balances.get(wallet.id)?.cents).toBe(350);
  again.abort();
  await running;

  // Rebuilding replays everything into an empty model and lands on the same state.
  balances.set(wallet.id, { cents: -1, version: 99 }); // a corrupted row
  expect(await rebuild()).toBe(3);
  expect(balances.get(wallet.id)).toEqual({ cents: 350, version: 3 });
});
