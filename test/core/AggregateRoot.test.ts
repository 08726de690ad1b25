import { describe, expect, it } from 'vitest';
import { InvariantViolationError } from '../../src/index.js';
import { Order, OrderId } from './fixtures.js';

const fixedClock = { now: () => new Date('2026-11-25T10:00:00.000Z') };

describe('AggregateRoot', () => {
  it('records events stamped with id, aggregate id, version, time and metadata', () => {
    let n = 0;
    const id = OrderId.create();
    const order = Order.create(id, {
      clock: fixedClock,
      generateId: () => `00000000-0000-7000-8000-00000000000${++n}`,
    });
    order.addItem('A', 2);
    order.confirm();
    expect(order.version).toBe(2);
    expect(order.persistedVersion).toBe(0);
    const events = order.pullEvents();
    expect(events).toEqual([
      {
        id: '00000000-0000-7000-8000-000000000001',
        type: 'ItemAdded',
        schemaVersion: 1,
        aggregateId: id,
        aggregateVersion: 1,
        occurredAt: '2026-11-25T10:00:00.000Z',
        payload: { sku: 'A', quantity: 2 },
        metadata: {},
      },
      {
        id: '00000000-0000-7000-8000-000000000002',
        type: 'OrderConfirmed',
        schemaVersion: 2,
        aggregateId: id,
        aggregateVersion: 2,
        occurredAt: '2026-11-25T10:00:00.000Z',
        payload: { items: 1 },
        metadata: {},
      },
    ]);
    expect(Object.isFrozen(events[0])).toBe(true);
  });

  it('hands events out once', () => {
    const order = Order.create();
    order.addItem('A', 1);
    expect(order.pendingEvents).toHaveLength(1);
    expect(order.pullEvents()).toHaveLength(1);
    expect(order.pullEvents()).toEqual([]);
    order.addItem('B', 1);
    expect(order.pullEvents().map((e) => e.aggregateVersion)).toEqual([2]);
  });

  it('uses the system clock and uuid v7 ids by default', () => {
    const order = Order.create();
    const before = Date.now();
    order.addItem('A', 1);
    const [event] = order.pullEvents();
    expect(event?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(Date.parse(event?.occurredAt ?? '')).toBeGreaterThanOrEqual(before - 1);
  });

  it('continues numbering from the version it was loaded at', () => {
    const order = Order.create(OrderId.create(), { version: 7 });
    order.addItem('A', 1);
    expect(order.version).toBe(8);
    expect(order.persistedVersion).toBe(7);
    order.markPersisted(8);
    expect([order.version, order.persistedVersion]).toEqual([8, 8]);
  });

  it('raises nothing when an invariant fails', () => {
    const order = Order.create();
    expect(() => order.confirm()).toThrow(InvariantViolationError);
    expect(order.pendingEvents).toEqual([]);
    expect(order.version).toBe(0);
  });
});
