import type { Repository } from 'tactical-ddd';
import { type CommandSender, type EventSource, type ProcessInstance, ProcessManager } from 'tactical-ddd/cqrs';
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
 * 3. `StockReservationFailed` → compensate: the recorded `CancelOrder` runs.
 *
 * Its state is kept in a repository (in memory or a table), so a restart loses nothing.
 */
export function orderFulfilment(
  repository: Repository<ProcessInstance<FulfilmentState>, string>,
  commandBus: CommandSender,
): ProcessManager<FulfilmentState> {
  return new ProcessManager<FulfilmentState>({
    name: 'OrderFulfilment',
    repository,
    commandBus,
    initialState: () => ({ orderId: null, step: 'reserving' }),
  })
    .startsOn(OrderConfirmed, async (event, process) => {
      process.setState({ orderId: event.aggregateId, step: 'reserving' });
      await process.send(translate.reserveStockFor(event), { compensation: translate.cancelOrderFor(event) });
    })
    .on(StockReserved, (_event, process) => {
      process.setState({ ...process.state, step: 'reserved' });
      process.complete();
    })
    .on(StockReservationFailed, async (event, process) => {
      process.setState({ ...process.state, step: 'compensated' });
      await process.compensate(translate.shortageReason(event));
    });
}

/**
 * A policy outside the saga: whenever an order is cancelled (by its customer, or by the saga's
 * compensation), give back the stock its reservation holds. `ReleaseStock` is a no-op when the
 * reservation holds nothing.
 */
export function releaseStockOnCancellation(events: EventSource, commandBus: CommandSender): () => void {
  return events.subscribe(
    OrderCancelled.type,
    async (event) => {
      await commandBus.dispatch(translate.releaseStockFor(event as Parameters<typeof translate.releaseStockFor>[0]), {
        causedBy: event,
      });
    },
    { name: 'ReleaseStockOnCancellation' },
  );
}
