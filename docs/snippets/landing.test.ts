import { expect, it } from 'vitest';
import { events } from './landing.js';

it('runs the landing page example: the order is paid once, for three items', () => {
  expect(events.map((event) => [event.type, event.payload.amount, event.aggregateVersion])).toEqual([
    ['OrderPaid', '59.97', 1],
  ]);
});
