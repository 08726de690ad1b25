// #region upcaster
import { defineEvent } from 'tactical-ddd';
import { defineEventRegistry, defineUpcaster } from 'tactical-ddd/event-sourcing';
import * as z from 'zod';

// Version 1, still in stored streams: a float amount in euros. Keep its creator, as a legacy event.
const RefundIssuedV1 = defineEvent('RefundIssued', z.object({ amount: z.number() }));
// Version 2, what the code raises and handles today: exact cents.
export const RefundIssued = defineEvent('RefundIssued', z.object({ cents: z.int().nonnegative() }), {
  schemaVersion: 2,
});

export const refundEvents = defineEventRegistry({
  current: [RefundIssued],
  legacy: [RefundIssuedV1],
  upcasters: [defineUpcaster(RefundIssuedV1, RefundIssued, (old) => ({ cents: Math.round(old.amount * 100) }))],
});

// A row written by last year's code, read today: validated as v1, upcast, validated as v2.
export const upcast = refundEvents.deserialize(
  JSON.stringify({
    id: '01936f6e-9a2b-7cde-8f01-23456789abcd',
    type: 'RefundIssued',
    schemaVersion: 1,
    aggregateId: 'order-1',
    aggregateVersion: 3,
    occurredAt: '2025-11-25T09:00:00.000Z',
    payload: { amount: 12.5 },
    metadata: {},
  }),
);
upcast.payload.cents; // 1250, typed as the current shape
// #endregion upcaster
