import type { AddressInfo } from 'node:net';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreChoice } from '../src/app/stores.js';
import { startServer } from '../src/server.js';

const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function serverReachable(): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const postgresUp = await serverReachable();
if (!postgresUp && process.env.CI === 'true') throw new Error(`CI=true and no PostgreSQL at ${postgresUrl}`);

const stores: [string, string[], boolean][] = [
  ['in memory', ['--db', 'memory'], true],
  ['PGlite', ['--db', 'pglite'], true],
  ['PostgreSQL (DATABASE_URL)', ['--db', postgresUrl], postgresUp],
];

describe.each(stores)('the HTTP API on %s', (_name, args, available) => {
  const exporter = new InMemorySpanExporter();
  let base = '';
  let stop: () => Promise<void> = async () => {};
  let choice: StoreChoice;

  beforeAll(async () => {
    if (!available) return;
    const env = { DB_SCHEMA: `orders_${Math.random().toString(36).slice(2, 10)}` };
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
    const started = await startServer([...args, '--port', '0'], env, { tracer });
    stop = started.stop;
    choice = started.choice;
    base = `http://127.0.0.1:${(started.server.address() as AddressInfo).port}`;
  });
  afterAll(() => stop());

  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: assertions below check the JSON's shape.
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  };
  const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; ; i++) {
      const value = await read();
      if (done(value) || i >= 100) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const customerId = '0199a8b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b';
  const shippingAddress = {
    lines: ['1 Main St'],
    locality: 'Springfield',
    region: 'IL',
    postalCode: '62701',
    country: 'US',
  };
  const product = async (stock: number) =>
    (
      await send('POST', '/products', {
        sku: `SKU-${stock}-${Math.random()}`,
        name: 'Tea',
        price: { amount: '10.00', currency: 'USD' },
        stock,
      })
    ).body.productId as string;
  const order = async (items: { productId: string; quantity: number }[]) =>
    (await send('POST', '/orders', { customerId, shippingAddress, items })).body.orderId as string;

  it.runIf(available)('places, confirms and reserves stock; the read side lists the order', async () => {
    const tea = await product(5);
    const created = await send('POST', '/orders', {
      customerId,
      shippingAddress,
      items: [{ productId: tea, quantity: 2 }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/orders/${created.body.orderId}`);
    const confirmed = await send('POST', `/orders/${created.body.orderId}/confirm`, undefined, {
      'if-match': created.headers.get('etag') ?? '',
    });
    expect(confirmed.status).toBe(200);
    const stock = await eventually(
      () => send('GET', `/products/${tea}`),
      (r) => r.body.reserved === 2,
    );
    expect(stock.body).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    const view = await send('GET', `/orders/${created.body.orderId}`);
    expect(view.body).toMatchObject({ status: 'confirmed', total: { amount: '25.00', currency: 'USD' } });
    const page = await eventually(
      () => send('GET', `/orders?customerId=${customerId}&limit=1`),
      (r) => r.body.items?.[0]?.status === 'confirmed',
    );
    expect(page.body).toMatchObject({
      limit: 1,
      offset: 0,
      items: [{ orderId: created.body.orderId, status: 'confirmed', itemCount: 2 }],
    });
  });

  it.runIf(available)(
    'compensates: an order the stock cannot serve is cancelled, and nothing stays reserved',
    async () => {
      const scarce = await product(1);
      const plenty = await product(10);
      const id = await order([
        { productId: plenty, quantity: 3 },
        { productId: scarce, quantity: 2 },
      ]);
      exporter.reset();
      expect((await send('POST', `/orders/${id}/confirm`)).status).toBe(200);
      const cancelled = await eventually(
        () => send('GET', `/orders/${id}`),
        (r) => r.body.status === 'cancelled',
      );
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Out of stock' });
      expect((await send('GET', `/products/${plenty}`)).body).toMatchObject({ reserved: 0, available: 10 });
      expect((await send('GET', `/products/${scarce}`)).body).toMatchObject({ reserved: 0, available: 1 });

      // One trace: the HTTP request, the command, the events, the saga's follow-up commands.
      const spans = await eventually(
        async () => exporter.getFinishedSpans(),
        (s) => s.some((span) => span.name === 'command ReleaseStock'),
      );
      const http = spans.find((span) => span.name === 'POST /orders/:id/confirm');
      const traceId = http?.spanContext().traceId;
      const inTrace = spans.filter((span) => span.spanContext().traceId === traceId).map((span) => span.name);
      expect(inTrace).toEqual(
        expect.arrayContaining([
          'POST /orders/:id/confirm',
          'command ConfirmOrder',
          'publish OrderConfirmed',
          'process OrderConfirmed',
          'command ReserveStock',
          'publish StockReservationFailed',
          'command CancelOrder',
          'publish OrderCancelled',
          'command ReleaseStock',
        ]),
      );
    },
  );

  it.runIf(available)('releases the stock of an order its customer cancels', async () => {
    const tea = await product(4);
    const id = await order([{ productId: tea, quantity: 3 }]);
    await send('POST', `/orders/${id}/confirm`);
    await eventually(
      () => send('GET', `/products/${tea}`),
      (r) => r.body.reserved === 3,
    );
    expect((await send('POST', `/orders/${id}/cancel`, { reason: 'Changed my mind' })).status).toBe(200);
    const released = await eventually(
      () => send('GET', `/products/${tea}`),
      (r) => r.body.reserved === 0,
    );
    expect(released.body).toMatchObject({ reserved: 0, available: 4 });
  });

  it.runIf(available)('answers 400 naming the field for an invalid body', async () => {
    const bad = await send('POST', '/orders', { customerId: 'nope', shippingAddress, items: [] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ status: 400, code: 'core.validation', errors: [{ field: 'customerId' }] });
    const quantity = await send('POST', `/orders/${await order([])}/items`, {
      productId: await product(1),
      quantity: 0,
    });
    expect(quantity.body.errors).toEqual([expect.objectContaining({ field: 'quantity', rule: 'too_small' })]);
    const postal = await send('POST', '/orders', {
      customerId,
      shippingAddress: { ...shippingAddress, postalCode: 'ABC' },
    });
    expect(postal.body.errors[0].field).toBe('shippingAddress.postalCode');
    const notJson = await send('POST', '/orders', '{"customerId":');
    expect(notJson).toMatchObject({ status: 400, body: { errors: [{ rule: 'invalid_json' }] } });
  });

  it.runIf(available)('answers 404 for an unknown order or product', async () => {
    const missing = await send('GET', '/orders/0199a8b2-7c1d-7e2f-8a3b-000000000000');
    expect(missing).toMatchObject({ status: 404, body: { code: 'core.not_found', entity: 'Order' } });
    const id = await order([]);
    const noProduct = await send('POST', `/orders/${id}/items`, {
      productId: '0199a8b2-7c1d-7e2f-8a3b-000000000001',
      quantity: 1,
    });
    expect(noProduct).toMatchObject({ status: 404, body: { entity: 'Product' } });
  });

  it.runIf(available)(
    'answers 412 for a stale If-Match, and to the loser of two concurrent updates of the same version',
    async () => {
      const tea = await product(10);
      const id = await order([]);
      const added = await send('POST', `/orders/${id}/items`, { productId: tea, quantity: 1 }, { 'if-match': '"1"' });
      expect(added).toMatchObject({ status: 200, body: { version: 2 } });
      const stale = await send('POST', `/orders/${id}/items`, { productId: tea, quantity: 1 }, { 'if-match': '"1"' });
      expect(stale).toMatchObject({
        status: 412,
        body: { code: 'core.stale_version', expected: 1, actual: 2 },
      });
      const both = await Promise.all(
        [1, 2].map(() => send('POST', `/orders/${id}/items`, { productId: tea, quantity: 1 }, { 'if-match': '"2"' })),
      );
      // The loser conflicts at commit, is retried, and then finds the order past its If-Match.
      expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
    },
  );

  it.runIf(available)('answers 422 when a business rule forbids the change', async () => {
    const empty = await order([]);
    const confirmEmpty = await send('POST', `/orders/${empty}/confirm`);
    expect(confirmEmpty).toMatchObject({ status: 422, body: { invariant: 'order.empty' } });
    const tea = await product(10);
    const id = await order([{ productId: tea, quantity: 1 }]);
    await send('POST', `/orders/${id}/confirm`);
    const addAfter = await send('POST', `/orders/${id}/items`, { productId: tea, quantity: 1 });
    expect(addAfter).toMatchObject({
      status: 422,
      body: { code: 'core.invariant_violation', invariant: 'order.not_pending' },
    });
  });

  it.runIf(available)('finds overdue orders with the specification, in memory or as SQL', async () => {
    const id = await order([]);
    const none = await send('GET', '/orders/overdue?days=7');
    expect(none.body.orderIds).not.toContain(id);
    const all = await send('GET', '/orders/overdue?days=0');
    expect(all.body.orderIds).toContain(id);
    expect(choice.kind).toBe(args[1] === 'memory' ? 'memory' : args[1] === 'pglite' ? 'pglite' : 'postgres');
  });
});
