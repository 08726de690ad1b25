import { type DomainEvent, InMemoryOutbox, inMemoryStore, stateStored } from 'tactical-ddd';
import { CommandBus, defineCommand, OutboxRelay } from 'tactical-ddd/cqrs';
import { InMemoryEventStore } from 'tactical-ddd/event-sourcing';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AddToCart, commandBus as cartCommands, eventBus, relay } from './cqrs.js';
import { registry, Wallet, WalletId } from './event-sourcing.js';
import { Cart, ItemAdded } from './getting-started.js';
import {
  type BrokerMessage,
  InMemoryBrokerPublisher,
  invoiceOnce,
  openBilling,
  openTelemetryTracing,
  type SpanPort,
  type TracerPort,
  traceparentIn,
} from './recipes.js';

describe('outbox to a broker', () => {
  it('relays committed events to the broker, retries failures, and consumers parse them back', async () => {
    // #region broker-use
    const outbox = new InMemoryOutbox();
    const { carts } = inMemoryStore({ aggregates: { carts: stateStored<Cart>('Cart') }, outbox });
    const broker = new InMemoryBrokerPublisher();
    const relay = new OutboxRelay({ outbox, publisher: broker }); // relay.start() in an app

    const cart = Cart.open();
    cart.add('TEA-001', 2);
    await carts.save(cart); // state and outbox row in one commit
    await relay.drain(); // publishes what committed, in order, at least once

    // The consumer's side: validate what arrives, envelope and payload.
    const [message] = broker.queues.get('ItemAdded') ?? [];
    const event = ItemAdded.parse(JSON.parse(message?.body ?? 'null')); // ValidationError if malformed
    event.payload.quantity; // 2
    // #endregion broker-use
    expect(event.payload).toEqual({ sku: 'TEA-001', quantity: 2 });
    expect(message?.messageId).toBe(event.id);

    // A broker that refuses: the message stays pending and goes out on a later round.
    let down = true;
    const flaky: BrokerMessage[] = [];
    const retrying = new OutboxRelay({
      outbox,
      publisher: {
        async publish(e: DomainEvent) {
          if (down) throw new Error('broker unavailable');
          flaky.push({ routingKey: e.type, messageId: e.id, headers: {}, body: JSON.stringify(e) });
        },
      },
      retryDelayMs: () => 0,
    });
    cart.add('MUG-042', 1);
    await carts.save(cart);
    await expect(retrying.drain()).rejects.toThrow('broker unavailable');
    expect(outbox.pending).toHaveLength(1);
    down = false;
    expect(await retrying.drain()).toBe(1);
    expect(flaky.map((m) => m.routingKey)).toEqual(['ItemAdded']);
  });
});

describe('OpenTelemetry', () => {
  it('opens a span per dispatch and carries its trace context on the events caused', async () => {
    const spans: {
      name: string;
      parent: string | undefined;
      attributes: Record<string, unknown>;
      failed?: unknown;
      ended: boolean;
    }[] = [];
    const tracer: TracerPort = {
      startSpan(name, parent) {
        const record = {
          name,
          parent,
          attributes: {} as Record<string, unknown>,
          ended: false,
        } as (typeof spans)[number];
        spans.push(record);
        const span: SpanPort & { index: number } = {
          index: spans.length,
          setAttribute(key, value) {
            record.attributes[key] = value;
          },
          fail(error) {
            record.failed = error;
          },
          end() {
            record.ended = true;
          },
        };
        return span;
      },
      traceparentOf: (span) =>
        `00-${'a'.repeat(32)}-${String((span as SpanPort & { index: number }).index).padStart(16, '0')}-01`,
    };
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ aggregates: { carts: stateStored<Cart>('Cart') }, outbox });
    const Fail = defineCommand('Fail', z.object({}));
    const bus = new CommandBus({ middleware: [openTelemetryTracing(tracer)] })
      .register(AddToCart, async (command, context) => {
        const cart = Cart.open(command.payload.cartId);
        cart.add(command.payload.sku, 1);
        await store.transaction((s) => s.carts.add(cart), context);
      })
      .register(Fail, async () => {
        throw new Error('boom');
      });

    await bus.dispatch(
      AddToCart({ cartId: Cart.open().id, sku: 'TEA-001' }, { metadata: { traceparent: 'parent-tp' } }),
    );
    await expect(bus.dispatch(Fail({}))).rejects.toThrow('boom');

    expect(spans.map((s) => [s.name, s.parent, s.ended])).toEqual([
      ['command AddToCart', 'parent-tp', true],
      ['command Fail', undefined, true],
    ]);
    expect(spans[1]?.failed).toBeInstanceOf(Error);
    const [message] = outbox.pending;
    const stored = message?.kind === 'event' ? message.event : undefined;
    expect(traceparentIn(stored?.metadata ?? {})).toBe(`00-${'a'.repeat(32)}-0000000000000001-01`);

    // The broker publisher forwards it as a header, for the consumer's span.
    const broker = new InMemoryBrokerPublisher();
    await broker.publish(stored as DomainEvent);
    expect(broker.queues.get('ItemAdded')?.[0]?.headers.traceparent).toBe(`00-${'a'.repeat(32)}-0000000000000001-01`);
  });
});

describe('idempotent handlers', () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
  });

  it('handles a redelivered message once, with the inbox', async () => {
    const { client, inbox } = await openBilling();
    close = () => client.close();
    // #region inbox-use
    const placed: DomainEvent<'OrderPlaced', { total: string }> = {
      id: '0192f7c4-7e3a-7b1e-9a57-3c1d2e4f5a6b',
      type: 'OrderPlaced',
      schemaVersion: 1,
      aggregateId: 'order-1',
      aggregateVersion: 1,
      occurredAt: '2026-11-25T09:00:00.000Z',
      payload: { total: '29.70' },
      metadata: {},
    };
    await invoiceOnce(inbox, placed); // true: handled
    await invoiceOnce(inbox, placed); // false: the same id again changes nothing
    // #endregion inbox-use
    expect(await invoiceOnce(inbox, placed)).toBe(false);
    const { rows } = await client.query<{ order_id: string }>('SELECT order_id FROM billing.invoices');
    expect(rows.map((row) => row.order_id)).toEqual(['order-1']);
  }, 60_000);

  it('returns the first result when an append is retried with the same event ids', async () => {
    // #region append
    const store = new InMemoryEventStore({ registry });
    const wallet = new Wallet(WalletId.create());
    wallet.credit(500);
    const events = wallet.pullEvents();

    const first = await store.appendToStream(`Wallet-${wallet.id}`, events, { expectedVersion: 'no_stream' });
    // The connection dropped before the answer came: send the same events again.
    const retried = await store.appendToStream(`Wallet-${wallet.id}`, events, { expectedVersion: 'no_stream' });
    retried.nextExpectedVersion === first.nextExpectedVersion; // true, and nothing was written twice
    // #endregion append
    expect(retried).toEqual(first);
    expect(await store.readStream(`Wallet-${wallet.id}`)).toHaveLength(1);
  });

  it('re-runs a handler that lost a race, so that it decides again on fresh state', async () => {
    // #region retry
    const cartId = Cart.open().id;
    // cqrs.ts registers AddToCart with retryOnConcurrency({ maxAttempts: 3 }) in its pipeline:
    // the loser of the race gets a ConcurrencyError at commit, reloads the cart and adds again.
    await Promise.all([
      cartCommands.dispatch(AddToCart({ cartId, sku: 'TEA-001' })),
      cartCommands.dispatch(AddToCart({ cartId, sku: 'MUG-042' })),
    ]);
    // #endregion retry
    const added: [string, number][] = [];
    eventBus.subscribe(ItemAdded, (event) => {
      if (event.aggregateId === cartId) added.push([event.payload.sku, event.aggregateVersion]);
    });
    await relay.drain();
    expect(added.map(([, version]) => version)).toEqual([1, 2]);
    expect(added.map(([sku]) => sku).sort()).toEqual(['MUG-042', 'TEA-001']);
  });
});
