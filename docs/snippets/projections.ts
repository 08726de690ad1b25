// #region projection
import type { EventOf } from 'tactical-ddd';
import {
  defineProjection,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  ProjectionRunner,
} from 'tactical-ddd/event-sourcing';
import { type Credited, type Debited, registry } from './event-sourcing.js';

type WalletEvent = EventOf<typeof Credited> | EventOf<typeof Debited>;

/** The read model: a table, a document or a cache; a Map here. */
export const balances = new Map<string, { cents: number; version: number }>();

function apply(event: WalletEvent, cents: number): void {
  const row = balances.get(event.aggregateId) ?? { cents: 0, version: 0 };
  if (event.aggregateVersion <= row.version) return; // seen already: delivery is at least once
  balances.set(event.aggregateId, { cents: row.cents + cents, version: event.aggregateVersion });
}

export const walletBalances = defineProjection<WalletEvent>({
  name: 'wallet-balances', // the checkpoint's key
  handlers: {
    Credited: (event) => apply(event, event.payload.cents),
    Debited: (event) => apply(event, -event.payload.cents),
  },
});

export const store = new InMemoryEventStore({ registry });
export const checkpoints = new InMemoryCheckpointStore();
export const runner = new ProjectionRunner({ store, projection: walletBalances, checkpoints });
// #endregion projection

// #region rebuild
/** Replays the whole history into an empty read model, after a bug fix or a new column. */
export async function rebuild(): Promise<number> {
  balances.clear();
  await checkpoints.save(walletBalances.name, 0n); // back to before the first event
  // A fresh runner: a runner remembers the stream versions it handled, and would skip them.
  return new ProjectionRunner({ store, projection: walletBalances, checkpoints }).catchUp();
}

// #endregion rebuild

// #region from-the-bus
import { InMemoryInbox } from 'tactical-ddd';
import type { EventBus } from 'tactical-ddd/cqrs';
import { subscribeProjection } from 'tactical-ddd/event-sourcing';

/**
 * The same definition fed from the outbox path instead: an `OutboxRelay` publishes to the bus, and
 * each event is applied in the inbox's transaction, recorded there as handled by the projection.
 */
export function feedFromBus(eventBus: EventBus): () => void {
  return subscribeProjection(eventBus, walletBalances, { inbox: new InMemoryInbox() });
}
// #endregion from-the-bus
