// #region deadline
import { type Clock, defineEvent, InMemoryOutbox, inMemoryStore, stateStored, systemClock } from 'tactical-ddd';
import { defineCommand, EventBus, OutboxRelay, ProcessManager, processInstanceMapping } from 'tactical-ddd/cqrs';
import * as z from 'zod';

export const OrderPlaced = defineEvent('OrderPlaced', z.object({ orderId: z.string() }));
export const PaymentReceived = defineEvent('PaymentReceived', z.object({ orderId: z.string() }));
const PaymentDeadlinePassed = defineEvent('PaymentDeadlinePassed', z.object({ orderId: z.string() }));
const CancelOrder = defineCommand('CancelOrder', z.object({ orderId: z.string(), reason: z.string() }));

const Payment = z.object({ orderId: z.string(), step: z.enum(['awaiting-payment', 'paid', 'expired']) });
type Payment = z.infer<typeof Payment>;

/** A checkout gives each order 15 minutes to be paid; the clock decides when deadlines are due. */
export function checkout(clock: Clock = systemClock) {
  const store = inMemoryStore({
    outbox: new InMemoryOutbox({ clock }), // postgresStore: outbox: { clock }
    aggregates: { runs: stateStored('PaymentWindow', processInstanceMapping(Payment)) },
  });
  const eventBus = new EventBus();
  const cancelled: string[] = [];
  new ProcessManager({
    name: 'PaymentWindow',
    store,
    instances: (s) => s.runs,
    initialState: (): Payment => ({ orderId: '', step: 'awaiting-payment' }),
  })
    .startsOn(OrderPlaced, (event, process) => {
      process.setState({ orderId: event.payload.orderId, step: 'awaiting-payment' });
      const due = new Date(clock.now().getTime() + 15 * 60_000);
      // Stored with the run's new state, in the same commit; comes back as an event of this run.
      process.schedule(due, PaymentDeadlinePassed({ orderId: event.payload.orderId }));
    })
    .on(PaymentReceived, (_event, process) => {
      for (const id of process.deadlines) process.cancel(id); // never delivered now
      process.setState({ ...process.state, step: 'paid' });
    })
    .on(PaymentDeadlinePassed, (event, process) => {
      if (process.state.step !== 'awaiting-payment') return; // a stale deadline: the run moved on
      process.setState({ ...process.state, step: 'expired' });
      process.send(CancelOrder({ orderId: event.payload.orderId, reason: 'not paid in time' }));
      process.complete(); // ending a run cancels its deadlines still to come
    })
    .subscribe(eventBus);
  const relay = new OutboxRelay({
    outbox: store.outbox,
    publisher: eventBus,
    commands: async (command) => void cancelled.push((command.payload as { orderId: string }).orderId),
  });
  return { store, eventBus, relay, cancelled };
}
// #endregion deadline
