import { describe, expect, it } from 'vitest';
import { AggregateRoot, type Clock, inMemoryStore, stateStored } from '../../src/index.js';
import { type Specification, spec } from '../../src/specification/index.js';

// The seed's rule, in Python:
//   class OrderIsOverdueSpecification(Specification["Order"]):
//       def is_satisfied_by(self, order):
//           days_since_created = (datetime.now() - order.created_at).days
//           return order.status == OrderStatus.PENDING and days_since_created > 7
// Here the clock is injected, and "more than 7 whole days" (`.days > 7`) is "created at least 8
// days before now". As a query, it filters arrays, repositories and (later) SQL alike.

interface OrderProps {
  status: 'pending' | 'paid' | 'shipped';
  createdAt: Date;
}

class Order extends AggregateRoot<string, OrderProps> {
  constructor(id: string, props: OrderProps) {
    super(id, props);
  }
}

const DAY = 86_400_000;

/** Pending orders created more than 7 whole days before the clock's now. */
function orderIsOverdue(clock: Clock): Specification<Order> {
  const cutoff = new Date(clock.now().getTime() - 8 * DAY);
  const o = spec.for<Order>();
  return o
    .eq('status', 'pending')
    .named('isPending')
    .and(o.lte('createdAt', cutoff).named('isOlderThan7Days'))
    .named('OrderIsOverdue');
}

class FixedClock implements Clock {
  constructor(private readonly instant: Date) {}
  now(): Date {
    return new Date(this.instant.getTime());
  }
}

const now = new Date('2026-03-20T12:00:00Z');
const daysAgo = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY - extraMs);
const order = (id: string, status: OrderProps['status'], createdAt: Date) => new Order(id, { status, createdAt });

describe('OrderIsOverdueSpecification', () => {
  const isOverdue = orderIsOverdue(new FixedClock(now));

  it('matches the seed: pending and more than 7 whole days old', () => {
    expect(isOverdue.isSatisfiedBy(order('a', 'pending', daysAgo(8)))).toBe(true);
    expect(isOverdue.isSatisfiedBy(order('b', 'pending', daysAgo(30)))).toBe(true);
    expect(isOverdue.isSatisfiedBy(order('c', 'pending', daysAgo(7, DAY - 1)))).toBe(false); // 7 days 23:59:59.999
    expect(isOverdue.isSatisfiedBy(order('d', 'pending', daysAgo(1)))).toBe(false);
    expect(isOverdue.isSatisfiedBy(order('e', 'paid', daysAgo(30)))).toBe(false);
  });

  it('follows the injected clock', () => {
    const created = order('a', 'pending', daysAgo(3));
    expect(orderIsOverdue(new FixedClock(now)).isSatisfiedBy(created)).toBe(false);
    expect(orderIsOverdue(new FixedClock(new Date(now.getTime() + 5 * DAY))).isSatisfiedBy(created)).toBe(true);
  });

  it('explains why an order is not overdue', () => {
    const { satisfied, failures } = isOverdue.explain(order('e', 'paid', daysAgo(1)));
    expect(satisfied).toBe(false);
    expect(failures.map((f) => [f.name, f.field, f.operator, f.actual])).toEqual([
      ['isPending', 'status', 'eq', 'paid'],
      ['isOlderThan7Days', 'createdAt', 'lte', daysAgo(1)],
    ]);
    expect(failures[0]?.within).toEqual(['OrderIsOverdue']);
  });

  it('selects overdue orders from a repository, oldest first, and counts them', async () => {
    const orders = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } }).orders;
    for (const o of [
      order('a', 'pending', daysAgo(9)),
      order('b', 'paid', daysAgo(20)),
      order('c', 'pending', daysAgo(2)),
      order('d', 'pending', daysAgo(15)),
      order('e', 'pending', daysAgo(8)),
    ])
      await orders.save(o);
    const found = await orders.findAll(isOverdue, { orderBy: [{ field: 'createdAt' }], limit: 2 });
    expect(found.map((o) => o.id)).toEqual(['d', 'a']);
    expect(await orders.count(isOverdue)).toBe(3);
    expect(await orders.count(isOverdue.not())).toBe(2);
  });

  it('travels as JSON: the cutoff is fixed in the AST', () => {
    expect(JSON.parse(JSON.stringify(isOverdue))).toEqual({
      version: 1,
      spec: {
        op: 'and',
        name: 'OrderIsOverdue',
        of: [
          { op: 'eq', field: 'status', value: 'pending', name: 'isPending' },
          { op: 'lte', field: 'createdAt', value: { $date: daysAgo(8).toISOString() }, name: 'isOlderThan7Days' },
        ],
      },
    });
  });
});
