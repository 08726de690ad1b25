import { FixedClock } from 'tactical-ddd/testing';
import { expect, it } from 'vitest';
import { checkoutEvent } from '../../test/support/paymentSaga.js';
import { checkout, OrderPlaced, PaymentReceived } from './process-deadlines.js';

/** An event of another context, in the conversation of one checkout. */
const happened = (creator: { readonly type: string }, orderId: string) =>
  checkoutEvent(creator, `checkout-${orderId}`, orderId);

it('cancels the order whose payment did not come in time, and only that one', async () => {
  // #region use
  const clock = new FixedClock('2026-06-01T12:00:00Z');
  const { store, eventBus, relay, cancelled } = checkout(clock);
  await eventBus.publish(happened(OrderPlaced, 'order-1'));
  await eventBus.publish(happened(OrderPlaced, 'order-2'));
  await eventBus.publish(happened(PaymentReceived, 'order-2')); // cancels order-2's deadline

  clock.advance(14 * 60_000);
  const early = await relay.drain(); // 0: nothing is due yet
  clock.advance(60_000);
  const due = await relay.drain(); // 2: order-1's deadline, then the CancelOrder it sent

  cancelled; // ['order-1']
  (await store.runs.getById('checkout-order-1')).props.state.step; // 'expired'
  (await store.runs.getById('checkout-order-2')).props.state.step; // 'paid'
  // #endregion use
  expect([early, due]).toEqual([0, 2]);
  expect(cancelled).toEqual(['order-1']);
  expect((await store.runs.getById('checkout-order-1')).props).toMatchObject({
    status: 'completed',
    state: { step: 'expired' },
  });
  expect((await store.runs.getById('checkout-order-2')).props).toMatchObject({
    status: 'running',
    state: { step: 'paid' },
  });
  clock.advance(60 * 60_000);
  expect(await relay.drain()).toBe(0);
});
