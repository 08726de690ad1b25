import { describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  type DomainEvent,
  InMemoryRepository,
  NotFoundError,
  ValidationError,
} from '../../src/index.js';
import { Order, type OrderId } from './fixtures.js';

const repository = (publish?: (events: readonly DomainEvent[]) => void | Promise<void>) =>
  new InMemoryRepository<Order, OrderId>(publish === undefined ? { name: 'Order' } : { name: 'Order', publish });

describe('InMemoryRepository', () => {
  it('saves and loads copies, not live references', async () => {
    const orders = repository();
    const order = Order.create();
    order.addItem('A', 1);
    await orders.save(order);
    order.addItem('B', 1); // after saving: must not leak into the store

    const loaded = await orders.getById(order.id);
    expect(loaded).not.toBe(order);
    expect(loaded).toBeInstanceOf(Order);
    expect(loaded.props.items).toEqual([{ sku: 'A', quantity: 1 }]);
    expect(loaded.version).toBe(1);
    expect(loaded.pendingEvents).toEqual([]);

    loaded.addItem('C', 1); // changing a loaded copy does not change the stored one
    expect((await orders.getById(order.id)).props.items).toHaveLength(1);
  });

  it('marks the saved aggregate persisted and takes its events', async () => {
    const published: DomainEvent[] = [];
    const orders = repository((events) => {
      published.push(...events);
    });
    const order = Order.create();
    order.addItem('A', 1);
    order.addItem('B', 2);
    await orders.save(order);
    expect([order.version, order.persistedVersion]).toEqual([2, 2]);
    expect(order.pendingEvents).toEqual([]);
    expect(published.map((e) => [e.type, e.aggregateVersion])).toEqual([
      ['ItemAdded', 1],
      ['ItemAdded', 2],
    ]);
  });

  it('bumps the version on a save without events, so state-only changes still conflict', async () => {
    const orders = repository();
    const order = Order.create();
    await orders.save(order);
    expect(order.version).toBe(1);
    const a = await orders.getById(order.id);
    const b = await orders.getById(order.id);
    await orders.save(a);
    await expect(orders.save(b)).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('rejects a stale save with ConcurrencyError and writes nothing', async () => {
    const published: DomainEvent[] = [];
    const orders = repository((events) => {
      published.push(...events);
    });
    const order = Order.create();
    await orders.save(order);
    const first = await orders.getById(order.id);
    const second = await orders.getById(order.id);
    first.addItem('A', 1);
    await orders.save(first);
    second.addItem('B', 1);
    const error = await orders.save(second).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: order.id, expected: 1, actual: 2 });
    expect((await orders.getById(order.id)).props.items).toEqual([{ sku: 'A', quantity: 1 }]);
    expect(second.pendingEvents).toHaveLength(1); // the events stay on the aggregate
    expect(published.map((e) => e.payload)).toEqual([{ sku: 'A', quantity: 1 }]);
  });

  it('rejects a new aggregate whose id is already stored', async () => {
    const orders = repository();
    const order = Order.create();
    await orders.save(order);
    const duplicate = Order.create(order.id);
    await expect(orders.save(duplicate)).rejects.toMatchObject({ expected: 0, actual: 1 });
  });

  it('lets exactly one of two concurrent saves of the same version win', async () => {
    const orders = repository(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const order = Order.create();
    await orders.save(order);
    const [a, b] = [await orders.getById(order.id), await orders.getById(order.id)];
    a.addItem('A', 1);
    b.addItem('B', 1);
    const results = await Promise.allSettled([orders.save(a), orders.save(b)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
  });

  it('stores nothing when publishing the events fails', async () => {
    const orders = repository(() => {
      throw new Error('broker down');
    });
    const order = Order.create();
    order.addItem('A', 1);
    await expect(orders.save(order)).rejects.toThrow('broker down');
    expect(await orders.findById(order.id)).toBeUndefined();
    expect(order.pendingEvents).toHaveLength(1);
    expect(order.persistedVersion).toBe(0);
  });

  it('finds nothing for an unknown id, and getById throws NotFoundError', async () => {
    const orders = repository();
    const missing = Order.create().id;
    expect(await orders.findById(missing)).toBeUndefined();
    const error = await orders.getById(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ entity: 'Order', id: missing });
  });

  it('deletes with a version check', async () => {
    const orders = repository();
    const order = Order.create();
    await orders.save(order);
    const stale = await orders.getById(order.id);
    const fresh = await orders.getById(order.id);
    fresh.addItem('A', 1);
    await orders.save(fresh);
    await expect(orders.delete(stale)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await orders.count()).toBe(1);
    await orders.delete(fresh);
    expect(await orders.findById(order.id)).toBeUndefined();
    await expect(orders.delete(Order.create())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('filters with predicates or specification-like objects, in id order, paged', async () => {
    const orders = repository();
    const created: Order[] = [];
    for (let i = 0; i < 5; i++) {
      const order = Order.create();
      if (i % 2 === 0) order.addItem(`S${i}`, 1);
      created.push(order);
    }
    for (const order of [...created].reverse()) await orders.save(order);
    const withItems = (o: Order) => o.props.items.length > 0;
    const ids = (list: readonly Order[]) => list.map((o) => o.id);
    const sortedIds = created.map((o) => o.id).sort();
    expect(ids(await orders.findAll())).toEqual(sortedIds);
    expect(ids(await orders.findAll(withItems))).toEqual([created[0]?.id, created[2]?.id, created[4]?.id].sort());
    expect(await orders.count(withItems)).toBe(3);
    expect(await orders.count({ isSatisfiedBy: withItems })).toBe(3);
    expect(ids(await orders.findAll({ isSatisfiedBy: withItems }, { offset: 1, limit: 1 }))).toEqual(
      [created[0]?.id, created[2]?.id, created[4]?.id].sort().slice(1, 2),
    );
    expect(await orders.findAll(undefined, { limit: 0 })).toEqual([]);
    expect(await orders.findAll(undefined, { offset: 10 })).toEqual([]);
  });

  it.each([
    [{ limit: -1 }, 'limit'],
    [{ limit: 1.5 }, 'limit'],
    [{ offset: -2 }, 'offset'],
    [{ offset: Number.NaN }, 'offset'],
  ])('rejects the page %o with a ValidationError', async (page, field) => {
    const error = await repository()
      .findAll(undefined, page)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });

  it('uses a custom clone when given one', async () => {
    let clones = 0;
    const orders = new InMemoryRepository<Order, OrderId>({
      clone: (order) => {
        clones++;
        const copy = Order.create(order.id, { version: order.version });
        for (const item of order.props.items) copy.addItem(item.sku, item.quantity);
        copy.pullEvents();
        copy.markPersisted(order.version);
        return copy;
      },
    });
    const order = Order.create();
    order.addItem('A', 1);
    await orders.save(order);
    const loaded = await orders.getById(order.id);
    expect(loaded.props.items).toEqual([{ sku: 'A', quantity: 1 }]);
    expect(clones).toBe(2);
  });
});
