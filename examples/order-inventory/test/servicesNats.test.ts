import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteNatsTopology } from '../src/services/broker.js';
import { type Cluster, startCluster } from '../src/services/cluster.js';

const natsUrl = process.env.NATS_URL ?? '127.0.0.1:4222';

async function natsReachable(): Promise<boolean> {
  try {
    const connection = await connect({ servers: natsUrl, reconnect: false, timeout: 2000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}
const natsUp = await natsReachable();
if (!natsUp && process.env.CI === 'true') throw new Error(`CI=true and no NATS at ${natsUrl}`);
if (!natsUp)
  console.warn(`Skipping the NATS services test: no NATS at ${natsUrl} (set NATS_URL, or start one with -js)`);

// biome-ignore lint/suspicious/noExplicitAny: assertions below check the JSON's shape.
type Json = Record<string, any>;
const send = async (method: string, url: string, body?: unknown) => {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
};
const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe.skipIf(!natsUp)('orders and inventory as services over NATS JetStream (--broker nats)', () => {
  const prefix = `order-inventory-nats-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let cluster: Cluster;
  const logs: string[] = [];

  beforeAll(async () => {
    cluster = await startCluster({
      amqpUrl: 'amqp://unused',
      natsUrl,
      prefix,
      startTimeoutMs: 60_000,
      log: (service, line) => logs.push(`[${service}] ${line}`),
    });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    await deleteNatsTopology(natsUrl, prefix).catch(() => undefined);
    if (logs.some((line) => /error|fail/i.test(line))) console.log(logs.join('\n'));
  });

  it('reserves stock across JetStream, and compensates a shortage by cancelling the order', async () => {
    const { inventory, orders } = cluster.urls;
    const added = await send('POST', `${inventory}/products`, {
      sku: 'POT-1',
      name: 'Teapot',
      price: { amount: '48.00', currency: 'USD' },
      stock: 1,
    });
    expect(added.status).toBe(201);
    const productId = added.body.productId as string;
    const place = async () => {
      const created = await send('POST', `${orders}/orders`, {
        customerId: '0199a8b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b',
        shippingAddress: { lines: ['221B Baker Street'], locality: 'London', postalCode: 'NW1 6XE', country: 'GB' },
        items: [{ productId, quantity: 1 }],
      });
      expect(created.status).toBe(201);
      expect((await send('POST', `${orders}/orders/${created.body.orderId}/confirm`)).status).toBe(200);
      return created.body.orderId as string;
    };
    await place();
    const reserved = await eventually(
      async () => (await send('GET', `${inventory}/products/${productId}`)).body,
      (p) => p.reserved === 1,
    );
    expect(reserved).toMatchObject({ reserved: 1, available: 0 });
    const short = await place();
    const cancelled = await eventually(
      async () => (await send('GET', `${orders}/orders/${short}`)).body,
      (view) => view.status === 'cancelled',
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Out of stock' });
    const health = (await send('GET', `${inventory}/health`)).body;
    expect(health.inbox.handled).toBeGreaterThanOrEqual(2);
  });
});
