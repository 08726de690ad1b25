// #region projection
import type { EventOf } from 'tactical-ddd';
import {
  defineProjection,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  ProjectionRunner,
  type RecordedEvent,
} from 'tactical-ddd/event-sourcing';
import { type Credited, type Debited, registry } from './event-sourcing.js';

type WalletEvent = EventOf<typeof Credited> | EventOf<typeof Debited>;

/** The read model: a table, a document or a cache; a Map here. */
export const balances = new Map<string, { cents: number; version: number }>();

function apply(event: RecordedEvent<WalletEvent>, cents: number): void {
  const row = balances.get(event.aggregateId) ?? { cents: 0, version: 0 };
  if (event.version <= row.version) return; // seen already: delivery is at least once
  balances.set(event.aggregateId, { cents: row.cents + cents, version: event.version });
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
