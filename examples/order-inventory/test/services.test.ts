import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { DataDirectoryLockedError } from 'tactical-ddd/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/app/stores.js';
import { type Cluster, startCluster } from '../src/services/cluster.js';
import { createGateway } from '../src/services/gateway.js';
import { deleteTopology, topology } from '../src/services/topology.js';

const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function brokerReachable(): Promise<boolean> {
  try {
    const connection = await amqp.connect(amqpUrl, { timeout: 2000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}
const brokerUp = await brokerReachable();
if (!brokerUp && process.env.CI === 'true') throw new Error(`CI=true and no RabbitMQ at ${amqpUrl}`);
if (!brokerUp) console.warn(`Skipping the services test: no RabbitMQ at ${amqpUrl} (set AMQP_URL, or start one)`);

// biome-ignore lint/suspicious/noExplicitAny: assertions below check the JSON's shape.
type Json = Record<string, any>;
const send = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
};
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe.skipIf(!brokerUp)('orders and inventory as services over RabbitMQ, with a gateway', () => {
  const prefix = `order-inventory-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const names = topology(prefix);
  const logs: string[] = [];
  /** Every message on both exchanges, as the services put them on the wire. */
  const wire: { routingKey: string; content: Buffer; envelope: Json; cc?: string[] }[] = [];
  let tap: { connection: ChannelModel; channel: Channel } | undefined;
  let cluster: Cluster;
  let urls: Cluster['urls'];
  const customerId = '0199a8b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b';
  const shippingAddress = { lines: ['221B Baker Street'], locality: 'London', postalCode: 'NW1 6XE', country: 'GB' };
  const products: Record<'tea' | 'pot', string> = { tea: '', pot: '' };
  const placed: Record<'first' | 'second' | 'short', string> = { first: '', second: '', short: '' };
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  const product = async (id: string) => (await send('GET', `${urls.inventory}/products/${id}`)).body;
  const inbox = async (url: string) => (await send('GET', `${url}/health`)).body.inbox as Json;
  const place = async (items: { productId: string; quantity: number }[], headers: Record<string, string> = {}) => {
    const created = await send('POST', `${urls.orders}/orders`, { customerId, shippingAddress, items });
    expect(created.status).toBe(201);
    const confirmed = await send('POST', `${urls.orders}/orders/${created.body.orderId}/confirm`, undefined, headers);
    expect(confirmed.status).toBe(200);
    return created.body.orderId as string;
  };

  beforeAll(async () => {
    const connection = await amqp.connect(amqpUrl);
    const channel = await connection.createChannel();
    tap = { connection, channel };
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const exchange of [names.ordersExchange, names.inventoryExchange]) {
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.bindQueue(queue, exchange, '#');
    }
    await channel.consume(
      queue,
      (message) => {
        if (message === null) return;
        const envelope = JSON.parse(message.content.toString('utf8')) as Json;
        const cc = message.properties.headers?.CC as string[] | undefined;
        wire.push({ routingKey: message.fields.routingKey, content: message.content, envelope, ...(cc ? { cc } : {}) });
      },
      { noAck: true },
    );
    cluster = await startCluster({
      amqpUrl,
      prefix,
      startTimeoutMs: 60_000, // a fresh PGlite directory migrates in ~20 s on a loaded 2-core machine
      log: (service, line) => logs.push(`[${service}] ${line}`),
    });
    urls = cluster.urls;
  }, 180_000); // three child processes (tsx, PGlite) on a loaded machine
  afterAll(async () => {
    await cluster?.stop();
    await tap?.connection.close();
    await deleteTopology(amqpUrl, prefix).catch(() => undefined);
    if (process.env.DEBUG_SERVICES || logs.some((line) => /error|fail/i.test(line))) console.log(logs.join('\n'));
  });

  it('reserves stock across the broker, and compensates a shortage by cancelling the order', async () => {
    for (const [key, sku, stock] of [
      ['tea', 'TEA-1', 10],
      ['pot', 'POT-1', 3],
    ] as const) {
      const added = await send('POST', `${urls.inventory}/products`, {
        sku,
        name: key === 'tea' ? 'Sencha' : 'Teapot',
        price: { amount: key === 'tea' ? '12.50' : '48.00', currency: 'USD' },
        stock,
      });
      expect(added.status).toBe(201);
      products[key] = added.body.productId;
    }
    placed.first = await place([
      { productId: products.tea, quantity: 2 },
      { productId: products.pot, quantity: 1 },
    ]);
    placed.second = await place([{ productId: products.pot, quantity: 2 }]);
    expect(
      (
        await eventually(
          () => product(products.pot),
          (p) => p.reserved === 3,
        )
      ).reserved,
    ).toBe(3);

    placed.short = await place(
      [
        { productId: products.pot, quantity: 1 },
        { productId: products.tea, quantity: 1 },
      ],
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    const cancelled = await eventually(
      async () => (await send('GET', `${urls.orders}/orders/${placed.short}`)).body,
      (view) => view.status === 'cancelled',
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Out of stock' });
    expect(await product(products.pot)).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
    expect(await product(products.tea)).toMatchObject({ onHand: 10, reserved: 2, available: 8 });

    // What crossed the broker for the short order: the command, the failure, the compensation's release.
    const about = (type: string) =>
      wire.filter((m) => m.routingKey === type && m.envelope.aggregateId === placed.short);
    await eventually(
      async () => about('ReleaseStock').length,
      (n) => n > 0,
    );
    const [reserve] = about('ReserveStock');
    const [failed] = about('StockReservationFailed');
    expect(reserve?.envelope).toMatchObject({ aggregateId: placed.short, aggregateVersion: 0 });
    expect(failed?.envelope.metadata.correlationId).toBe(reserve?.envelope.metadata.correlationId);
    expect(failed?.envelope.metadata.causationId).toBe(reserve?.envelope.id);
    // The trace context of the confirming request travels in the envelope, across both services.
    for (const type of ['OrderConfirmed', 'ReserveStock', 'StockReservationFailed', 'OrderCancelled', 'ReleaseStock']) {
      expect(about(type)[0]?.envelope.metadata.traceparent, type).toContain(traceId);
    }
  });

  it('shares the partitions of the inventory commands between two consumers', async () => {
    const health = await eventually(
      async () => (await send('GET', `${urls.inventory}/health`)).body,
      (body) => body.partitions?.every((owned: number[]) => owned.length === 2) === true,
    );
    // Each reservation's commands are in one partition, read by one consumer at a time, in order.
    expect(health.partitions).toHaveLength(2);
    expect([...health.partitions[0], ...health.partitions[1]].sort()).toEqual([0, 1, 2, 3]);
  });

  it('drops a redelivered message in the inbox of either service', async () => {
    const before = [await inbox(urls.inventory), await inbox(urls.orders)];
    const reserve = wire.find((m) => m.routingKey === 'ReserveStock' && m.envelope.aggregateId === placed.first);
    const reserved = wire.find((m) => m.routingKey === 'StockReserved' && m.envelope.aggregateId === placed.first);
    if (reserve === undefined || reserved === undefined) throw new Error('the first order’s messages were not seen');
    const channel = tap?.channel as Channel;
    // Sent again as the relay sends it: with its partition's routing key.
    channel.publish(names.ordersExchange, 'ReserveStock', reserve.content, {
      persistent: true,
      ...(reserve.cc === undefined ? {} : { CC: reserve.cc }),
    });
    channel.publish(names.inventoryExchange, 'StockReserved', reserved.content, { persistent: true });
    const after = await eventually(
      async () => [await inbox(urls.inventory), await inbox(urls.orders)],
      ([inventory, orders]) =>
        inventory?.duplicates === before[0]?.duplicates + 1 && orders?.duplicates === before[1]?.duplicates + 1,
    );
    expect(after.map((stats) => stats.duplicates)).toEqual(before.map((stats) => stats.duplicates + 1));
    expect(after.map((stats) => stats.handled)).toEqual(before.map((stats) => stats.handled));
    expect(await product(products.pot)).toMatchObject({ reserved: 3 });
  });

  it('aggregates an order with its products and stock at the gateway', async () => {
    const details = await send('GET', `${urls.gateway}/orders/${placed.first}/details`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ orderId: placed.first, status: 'confirmed', total: { currency: 'USD' } });
    const byProduct = Object.fromEntries(details.body.items.map((item: Json) => [item.productId, item]));
    expect(byProduct[products.tea]).toMatchObject({
      quantity: 2,
      product: { sku: 'TEA-1', name: 'Sencha', price: { amount: '12.50', currency: 'USD' } },
      stock: { onHand: 10, reserved: 2, available: 8 },
    });
    expect(byProduct[products.pot]).toMatchObject({ quantity: 1, stock: { reserved: 3, available: 0 } });

    const missing = await send('GET', `${urls.gateway}/orders/0199a8b2-7c1d-7e2f-8a3b-000000000000/details`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('gives each service its own PGlite directory, locked against a second process', async () => {
    const dir = cluster.dataDirs.inventory;
    if (dir === undefined) return; // on PostgreSQL, each service has its own schema instead
    expect(dir).not.toBe(cluster.dataDirs.orders);
    await expect(openStores({ kind: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DataDirectoryLockedError);
  });

  it('answers 502 with a problem document when a service is down', async () => {
    await cluster.stopService('inventory');
    const noInventory = await send('GET', `${urls.gateway}/orders/${placed.first}/details`);
    expect(noInventory.status).toBe(502);
    expect(noInventory.headers.get('content-type')).toContain('application/problem+json');
    expect(noInventory.body).toMatchObject({ status: 502, code: 'upstream.unavailable', service: 'inventory' });

    await cluster.stopService('orders');
    const noOrders = await send('GET', `${urls.gateway}/orders/${placed.first}/details`);
    expect(noOrders.body).toMatchObject({ status: 502, code: 'upstream.unavailable', service: 'orders' });
  });
});

describe('the gateway', () => {
  let slow: Server;
  let url = '';
  beforeAll(async () => {
    slow = createServer(() => {}); // accepts and never answers
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  });

  it('answers 504 with a problem document when a service does not answer in time', async () => {
    const gateway = createGateway({ ordersUrl: url, inventoryUrl: url, timeoutMs: 200 });
    const response = await gateway.request('/orders/0199a8b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b/details');
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 504, code: 'upstream.timeout', service: 'orders' });
  });
});
