// #region aggregate
import { defineEvent, defineId, type EventOf, type IdOf, InvariantViolationError, inMemoryStore } from 'tactical-ddd';
import {
  defineEventRegistry,
  type EventHandlers,
  EventSourcedAggregate,
  eventSourced,
  InMemoryEventStore,
} from 'tactical-ddd/event-sourcing';
import * as z from 'zod';

export const WalletId = defineId('Wallet');
export type WalletId = IdOf<typeof WalletId>;

export const Credited = defineEvent('Credited', z.object({ cents: z.int().positive() }));
export const Debited = defineEvent('Debited', z.object({ cents: z.int().positive() }));
type WalletEvent = EventOf<typeof Credited> | EventOf<typeof Debited>;

interface WalletState {
  balanceCents: number;
}

// State changes only here; leaving out a handler for one of WalletEvent does not compile.
const when: EventHandlers<WalletState, WalletEvent> = {
  Credited: (state, event) => {
    state.balanceCents += event.payload.cents;
  },
  Debited: (state, event) => {
    state.balanceCents -= event.payload.cents;
  },
};

export class Wallet extends EventSourcedAggregate<WalletId, WalletState, WalletEvent> {
  protected readonly when = when;

  constructor(id: WalletId) {
    super(id, { balanceCents: 0 });
  }

  get balanceCents(): number {
    return this.state.balanceCents;
  }

  credit(cents: number): void {
    this.raise(Credited({ cents }));
  }

  debit(cents: number): void {
    if (cents > this.state.balanceCents) throw new InvariantViolationError('wallet.funds', 'Not enough funds');
    this.raise(Debited({ cents }));
  }
}
// #endregion aggregate

// #region store
export const registry = defineEventRegistry({ current: [Credited, Debited] });
export const eventStore = new InMemoryEventStore({ registry });
export const store = inMemoryStore({
  eventStore,
  outbox: false, // the events stay in the event store, where projections read them
  aggregates: {
    wallets: eventSourced({
      name: 'Wallet',
      streamId: (id: WalletId) => `Wallet-${id}`,
      create: (id) => new Wallet(id),
    }),
  },
});
// In a session: loaded by replaying its stream, its new events appended at commit.
export const creditWallet = (id: WalletId, cents: number) =>
  store.transaction(async (s) => (await s.wallets.get(id)).credit(cents));
// #endregion store
