import type { Observer } from 'tactical-ddd';
import type { EventSource } from 'tactical-ddd/cqrs';
import { ProcessManager } from 'tactical-ddd/cqrs';
import type { ShopStore } from '../app/stores.js';
import { StockReservationFailed, StockReserved } from '../inventory/domain/events.js';
import { OrderCancelled, OrderConfirmed } from '../ordering/domain/events.js';
import { OrderInventoryTranslator as translate } from './OrderInventoryTranslator.js';

export interface FulfilmentState {
  readonly orderId: string | null;
  readonly step: 'reserving' | 'reserved' | 'compensated';
}

/**
 * The fulfilment process (a saga), keyed by the conversation's correlation id:
 *
 * 1. `OrderConfirmed` → send `ReserveStock`, recording `CancelOrder` as its compensation;
 * 2. `StockReserved` → done;
 * 3. `StockReservationFailed` → compensate: the recorded `CancelOrder` is sent.
 *
 * Each event is handled in one session of the store: the run's state (`s.fulfilments`) and the
 * commands it sends (through the outbox, delivered by the relay) commit together, so a crash at
 * any point leaves them agreeing, and a restart loses nothing.
 */
export function orderFulfilment(store: ShopStore, observer?: Observer) {
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
    })
    .on(StockReserved, (_event, process) => {
      process.setState({ ...process.state, step: 'reserved' });
      process.complete();
    })
    .on(StockReservationFailed, (event, process) => {
      process.setState({ ...process.state, step: 'compensated' });
      process.compensate(translate.shortageReason(event));
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
