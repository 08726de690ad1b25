import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from 'tactical-ddd';
import { ValidationError } from 'tactical-ddd';
import { CommandBus, EventBus, OutboxRelay } from 'tactical-ddd/cqrs';
import { FixedClock } from 'tactical-ddd/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores, type StoreChoice, type Stores } from '../src/app/stores.js';
import { orderFulfilment } from '../src/integration/OrderFulfilment.js';
import { fulfilmentMapping } from '../src/integration/processMapping.js';
import { ReserveStock } from '../src/inventory/application/commands.js';
import { StockReservationFailed, StockReserved } from '../src/inventory/domain/events.js';
import { CancelOrder } from '../src/ordering/application/commands.js';
import { OrderConfirmed } from '../src/ordering/domain/events.js';
import { OrderId, ProductId } from '../src/ordering/domain/ids.js';

/** A bus with Inventory's and Ordering's commands the saga sends, recording what it receives. */
function recordingBus() {
  const sent: { type: string; payload: unknown; causationId: unknown }[] = [];
  const bus = new CommandBus()
    .register(ReserveStock, ({ type, payload }, { causationId }) => {
      sent.push({ type, payload, causationId });
      return { reserved: false };
    })
    .register(CancelOrder, ({ type, payload }, { causationId }) => {
      sent.push({ type, payload, causationId });
      return { orderId: payload.orderId, version: 4 };
    });
  return { bus, sent };
}

/** Delivers what the outbox holds, as the app's relay does: commands to `bus`, events to a list. */
function deliver(stores: Stores, bus: CommandBus): Promise<readonly DomainEvent[]> {
  const events: DomainEvent[] = [];
  const relay = new OutboxRelay({
    outbox: stores.outbox,
    publisher: { publish: async (event) => void events.push(event) },
    commands: (command) => bus.dispatch(command),
  });
  return relay.drain().then(() => events);
}

describe('a fulfilment run stored on PGlite', () => {
  let dir = '';
  let choice: StoreChoice;
  const correlationId = randomUUID();
  const orderId = OrderId.create();
  const teapot = ProductId.create();
  const envelope = (aggregateVersion: number) => ({
    id: randomUUID(),
    schemaVersion: 1,
    aggregateId: orderId,
    aggregateVersion,
    occurredAt: new Date().toISOString(),
    metadata: { correlationId, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  });
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const confirmed = OrderConfirmed.parse({
    ...envelope(3),
    type: 'OrderConfirmed',
    payload: {
      lines: [{ productId: teapot, quantity: 2 }],
      subtotal: usd('96.00'),
      shipping: usd('0.00'),
      total: usd('96.00'),
    },
  });
  const failed = StockReservationFailed.parse({
    ...envelope(1),
    type: 'StockReservationFailed',
    payload: {
      lines: [{ productId: teapot, quantity: 2 }],
      shortages: [{ productId: teapot, requested: 2, available: 1 }],
    },
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'order-inventory-fulfilment-'));
    choice = { kind: 'pglite', dataDir: dir };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('survives a restart: state, handled events, the command it sent and the recorded compensation', async () => {
    let stored: unknown;
    {
      // The run and its ReserveStock commit together; the process stops before the relay ran.
      const stores = await openStores(choice);
      try {
        await orderFulfilment(stores.store).handle(confirmed);
        stored = JSON.parse(JSON.stringify((await stores.store.fulfilments.getById(correlationId)).props));
      } finally {
        await stores.close();
      }
    }
    expect(stored).toMatchObject({
      process: 'OrderFulfilment',
      state: { orderId, step: 'reserving' },
      status: 'running',
      handled: [confirmed.id],
      compensations: [{ type: 'CancelOrder', payload: { orderId, reason: 'Out of stock' }, metadata: {} }],
    });

    // A new process on the same data directory: the run comes back as it was stored, and the
    // command it sent is still in the outbox, delivered once.
    const stores = await openStores(choice);
    const { bus, sent } = recordingBus();
    try {
      const fulfilment = orderFulfilment(stores.store);
      const reloaded = await stores.store.fulfilments.getById(correlationId);
      expect(JSON.parse(JSON.stringify(reloaded.props))).toEqual(stored);
      expect(reloaded.version).toBe(1);
      expect(await deliver(stores, bus)).toEqual([]);
      expect(sent).toEqual([
        {
          type: 'ReserveStock',
          payload: expect.objectContaining({ reservationId: orderId }),
          causationId: confirmed.id,
        },
      ]);

      await fulfilment.handle(confirmed); // a redelivery: already handled, nothing sent
      await deliver(stores, bus);
      expect(sent).toHaveLength(1);

      await fulfilment.handle(failed);
      await deliver(stores, bus);
      expect(sent.slice(1)).toEqual([
        { type: 'CancelOrder', payload: { orderId, reason: 'Out of stock' }, causationId: failed.id },
      ]);
      const compensated = await stores.store.fulfilments.getById(correlationId);
      expect(compensated.props).toMatchObject({
        state: { orderId, step: 'compensated' },
        status: 'compensated',
        handled: [confirmed.id, failed.id],
        reason: `Out of stock: 2 requested, 1 available of ${teapot}`,
      });
    } finally {
      await stores.close();
    }
  }, 120_000); // opens a PGlite directory twice: ~20 s each on a loaded machine

  it('cancels the order when Inventory does not answer in time, after a restart; an answered run never times out', async () => {
    const clock = new FixedClock('2026-06-01T12:00:00.000Z');
    const late = { ...confirmed, id: randomUUID(), metadata: { correlationId: randomUUID() } };
    const answered = { ...confirmed, id: randomUUID(), metadata: { correlationId: randomUUID() } };
    const reserved = StockReserved.parse({
      ...envelope(1),
      type: 'StockReserved',
      payload: { lines: failed.payload.lines },
    });
    {
      // Both runs start and set their deadline; Inventory answers one of them only. Then the process stops.
      const stores = await openStores(choice, clock);
      try {
        const fulfilment = orderFulfilment(stores.store, { clock });
        await fulfilment.handle(late);
        await fulfilment.handle(answered);
        await fulfilment.handle({ ...reserved, metadata: answered.metadata });
        expect(await deliver(stores, recordingBus().bus)).toEqual([]);
      } finally {
        await stores.close();
      }
    }
    clock.advance(5 * 60_000);
    const stores = await openStores(choice, clock);
    const { bus, sent } = recordingBus();
    try {
      const eventBus = new EventBus();
      orderFulfilment(stores.store, { clock }).subscribe(eventBus);
      const relay = new OutboxRelay({
        outbox: stores.outbox,
        publisher: eventBus,
        commands: (command) => bus.dispatch(command),
      });
      expect(await relay.drain()).toBe(2); // the deadline, then the CancelOrder it sent
      expect(sent).toEqual([
        { type: 'CancelOrder', payload: { orderId, reason: 'Out of stock' }, causationId: expect.any(String) },
      ]);
      expect((await stores.store.fulfilments.getById(late.metadata.correlationId)).props).toMatchObject({
        status: 'compensated',
        reason: 'stock reservation timed out',
      });
      expect((await stores.store.fulfilments.getById(answered.metadata.correlationId)).props).toMatchObject({
        status: 'completed',
        state: { step: 'reserved' },
      });
      clock.advance(60 * 60_000);
      expect(await relay.drain()).toBe(0);
    } finally {
      await stores.close();
    }
  }, 120_000); // opens a PGlite directory twice

  it('refuses a stored run that is not a fulfilment run, naming the field', () => {
    const run = {
      process: 'OrderFulfilment',
      state: { orderId, step: 'reserving' },
      status: 'running',
      handled: [confirmed.id],
      compensations: [{ type: 'CancelOrder', id: randomUUID(), payload: { orderId }, metadata: {} }],
    };
    expect(fulfilmentMapping.schema.safeParse(run).success).toBe(true);
    const bad = (doc: unknown) => {
      const checked = fulfilmentMapping.schema.safeParse(doc);
      return checked.success ? [] : ValidationError.fromZod('run', checked.error).issues.map((issue) => issue.field);
    };
    expect(bad({ ...run, state: { orderId, step: 'shipped' } })).toEqual(['state.step']);
    expect(bad({ ...run, state: { orderId, step: 'reserving', extra: 1 } })).toEqual(['state']);
    const { metadata: _, ...withoutMetadata } = run.compensations[0] as (typeof run.compensations)[number];
    expect(bad({ ...run, compensations: [withoutMetadata] })).toEqual(['compensations.0.metadata']);
  });
});
