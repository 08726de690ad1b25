/**
 * A payment-timeout process manager used by the deadline tests on every store: an order waits
 * for its payment for 15 minutes; when the deadline passes first, the order is cancelled.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { ProcessInstance } from '../../src/cqrs/index.js';
import {
  defineCommand,
  EventBus,
  OutboxRelay,
  ProcessManager,
  processInstanceMapping,
  type SessionRunner,
} from '../../src/cqrs/index.js';
import type { Clock, DomainEvent, Outbox, OutboxCommand, SessionRepository } from '../../src/index.js';
import { defineEvent } from '../../src/index.js';

export const PAYMENT_WINDOW_MS = 15 * 60_000;

export const OrderPlaced = defineEvent('OrderPlaced', z.object({ orderId: z.string() }));
export const PaymentReceived = defineEvent('PaymentReceived', z.object({ orderId: z.string() }));
export const OrderShipped = defineEvent('OrderShipped', z.object({ orderId: z.string() }));
export const PaymentDeadlinePassed = defineEvent('PaymentDeadlinePassed', z.object({ orderId: z.string() }));
export const CancelOrder = defineCommand('CancelOrder', z.object({ orderId: z.string(), reason: z.string() }));

export const PaymentState = z.strictObject({
  orderId: z.string(),
  step: z.enum(['awaiting-payment', 'paid', 'expired']),
});
export type PaymentState = z.infer<typeof PaymentState>;

/** The aggregate kind of the runs, for `stateStored('Payment', paymentRuns)`. */
export const paymentRuns = processInstanceMapping(PaymentState);

/** An event of a checkout conversation, as another context would publish it. */
export const checkoutEvent = (
  creator: { readonly type: string },
  checkout: string,
  orderId = `order-${checkout}`,
): DomainEvent => ({
  id: randomUUID(),
  type: creator.type,
  schemaVersion: 1,
  aggregateId: orderId,
  aggregateVersion: 1,
  occurredAt: new Date().toISOString(),
  payload: { orderId },
  metadata: { correlationId: checkout },
});

/** What the handlers saw, for assertions. */
export interface SagaLog {
  /** The commands the relay delivered. */
  readonly commands: OutboxCommand[];
  /** Deadlines that reached the handler after the run had moved on (ignored by it). */
  readonly stale: string[];
}

/**
 * Boots the process manager, an event bus and a relay over a store whose sessions have `runs`.
 * The saga cancels its deadline when paid (and keeps running until shipped), and cancels the
 * order when the deadline passes first.
 */
export function bootPaymentSaga<TSession>(
  store: SessionRunner<TSession> & { readonly outbox: Outbox | undefined },
  runs: (session: TSession) => SessionRepository<ProcessInstance<PaymentState>, string>,
  clock: Clock,
) {
  const log: SagaLog = { commands: [], stale: [] };
  const eventBus = new EventBus();
  const manager = new ProcessManager({
    name: 'PaymentWindow',
    store,
    instances: runs,
    initialState: (): PaymentState => ({ orderId: '', step: 'awaiting-payment' }),
  })
    .startsOn(OrderPlaced, (event, process) => {
      process.setState({ orderId: event.payload.orderId, step: 'awaiting-payment' });
      const due = new Date(clock.now().getTime() + PAYMENT_WINDOW_MS);
      process.schedule(due, PaymentDeadlinePassed({ orderId: event.payload.orderId }));
    })
    .on(PaymentReceived, (_event, process) => {
      for (const id of process.deadlines) process.cancel(id);
      process.setState({ ...process.state, step: 'paid' });
    })
    .on(OrderShipped, (_event, process) => process.complete())
    .on(PaymentDeadlinePassed, (event, process) => {
      // A deadline can arrive after the run moved on: the handler checks where it stands.
      if (process.state.step !== 'awaiting-payment') {
        log.stale.push(event.id);
        return;
      }
      process.setState({ ...process.state, step: 'expired' });
      process.send(CancelOrder({ orderId: event.payload.orderId, reason: 'payment deadline passed' }));
      process.complete();
    });
  manager.subscribe(eventBus);
  const relay = new OutboxRelay({
    outbox: store.outbox as Outbox,
    publisher: eventBus,
    commands: async (command) => void log.commands.push(command),
  });
  return { manager, eventBus, relay, log };
}
