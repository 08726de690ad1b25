import { ValidationError } from 'tactical-ddd';
import { expect, it } from 'vitest';
import { RefundIssued, refundEvents, upcast } from './upcasting.js';

it('reads a stored v1 event as the current version', () => {
  expect(upcast.schemaVersion).toBe(2);
  expect(upcast.payload).toEqual({ cents: 1250 });
  expect(RefundIssued.is(upcast)).toBe(true);
  expect(() =>
    refundEvents.parse({ ...JSON.parse(refundEvents.serialize(upcast)), schemaVersion: 1, payload: { amount: 'x' } }),
  ).toThrow(ValidationError);
});
