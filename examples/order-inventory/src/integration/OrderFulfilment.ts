import { type Clock, defineEvent, type Observer, systemClock } from 'tactical-ddd';
import type { EventSource } from 'tactical-ddd/cqrs';
import { ProcessManager } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import type { ShopStore } from '../app/stores.js';
import { StockReservationFailed, StockReserved } from '../inventory/domain/events.js';
import { OrderCancelled, OrderConfirmed } from '../ordering/domain/events.js';
import { OrderInventoryTranslator as translate } from './OrderInventoryTranslator.js';

export interface FulfilmentState {
  readonly orderId: string | null;
  readonly step: 'reserving' | 'reserved' | 'compensated';
}

/** The fulfilment's own deadline: Inventory did not answer the reservation in time. */
export const StockReservationTimedOut = defineEvent('StockReservationTimedOut', z.object({ orderId: z.string() }));

export interface FulfilmentOptions {
  /** The time the deadline is counted from (give the stores' outbox the same clock). */
  readonly clock?: Clock;
  /** How long Inventory has to answer a reservation (default 5 minutes). */
  readonly reservationTimeoutMs?: number;
  /** Observes the saga's handling (tracing, metrics). */
  readonly observer?: Observer;
}

/**
 * The fulfilment process (a saga), keyed by the conversation's correlation id:
 *
 * 1. `OrderConfirmed` → send `ReserveStock`, recording `CancelOrder` as its compensation, and
 *    set a deadline for Inventory's answer;
 * 2. `StockReserved` → done (ending the run cancels the deadline);
 * 3. `StockReservationFailed`, or the deadline first → compensate: the recorded `CancelOrder` is sent.
 *
 * Each event is handled in one session of the store: the run's state (`s.fulfilments`) and the
 * commands it sends (through the outbox, delivered by the relay) commit together, so a crash at
 * any point leaves them agreeing, and a restart loses nothing.
 */
export function orderFulfilment(store: ShopStore, options: FulfilmentOptions = {}) {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.reservationTimeoutMs ?? 5 * 60_000;
  const { observer } = options;
  return new ProcessManager({
    name: 'OrderFulfilment',
    store,
    ...(observer === undefined ? {} : { observer }),
    instances: (s) => s.fulfilments,
    initialState: (): FulfilmentState => ({ orderId: null, step: 'reserving' }),
  })
    .startsOn(OrderConfirmed, (event, process) => {
      process.setState({ orderId: event.aggregateId, step: 'reserving' });
      process.send(translate.reserveStockFor(event), { compensation: translate.cancelOrderFor(event) });
      // Stored with the run, delivered through the outbox when due (even after a restart).
      process.schedule(
        new Date(clock.now().getTime() + timeoutMs),
        StockReservationTimedOut({ orderId: event.aggregateId }),
      );
    })
    .on(StockReserved, (_event, process) => {
      process.setState({ ...process.state, step: 'reserved' });
      process.complete();
    })
    .on(StockReservationFailed, (event, process) => {
      process.setState({ ...process.state, step: 'compensated' });
      process.compensate(translate.shortageReason(event));
    })
    .on(StockReservationTimedOut, (_event, process) => {
      // Inventory's answer may have won the race: then the run has moved on, and this is stale.
      if (process.state.step !== 'reserving') return;
      process.setState({ ...process.state, step: 'compensated' });
      process.compensate('stock reservation timed out');
    });
}

/**
 * A policy outside the saga: whenever an order is cancelled (by its customer, or by the saga's
 * compensation), give back the stock its reservation holds. `ReleaseStock` goes through the
 * outbox like the saga's commands; it is a no-op when the reservation holds nothing.
 */
export function releaseStockOnCancellation(events: EventSource, store: ShopStore): () => void {
  return events.subscribe(
    OrderCancelled.type,
    (event) =>
      store.transaction(
        (s) => s.send(translate.releaseStockFor(event as Parameters<typeof translate.releaseStockFor>[0])),
        {
          metadata: {
            ...event.metadata,
            correlationId: event.metadata.correlationId ?? event.id,
            causationId: event.id,
          },
        },
      ),
    { name: 'ReleaseStockOnCancellation' },
  );
}
