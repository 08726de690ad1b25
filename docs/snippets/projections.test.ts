import { inMemoryStore } from 'tactical-ddd';
import { EventBus } from 'tactical-ddd/cqrs';
import { eventSourced } from 'tactical-ddd/event-sourcing';
import { expect, it } from 'vitest';
import { Wallet, WalletId } from './event-sourcing.js';
import { balances, checkpoints, feedFromBus, rebuild, runner, store, walletBalances } from './projections.js';

const wallets = inMemoryStore({
  eventStore: store,
  outbox: false,
  aggregates: { wallets: eventSourced({ name: 'Wallet', create: (id: WalletId) => new Wallet(id) }) },
}).wallets;

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

it('gives the same read model when fed from the bus, once per event', async () => {
  const eventBus = new EventBus();
  const stop = feedFromBus(eventBus);
  const wallet = new Wallet(WalletId.create());
  wallet.credit(500);
  wallet.debit(200);
  await wallets.save(wallet);
  const events = await store.readStream(wallet.id);
  for (const event of [...events, ...events]) await eventBus.publish(event); // delivered twice
  stop();
  expect(balances.get(wallet.id)).toEqual({ cents: 300, version: 2 });
});
