import { deleteNatsTopology } from './services/broker.js';
import { type Cluster, startCluster } from './services/cluster.js';
import { deleteTopology } from './services/topology.js';

/**
 * `npm run demo:services`: the story of `npm run demo`, with Ordering and Inventory as two
 * services (child processes, each with its own database) that talk through RabbitMQ, and a
 * gateway that aggregates an order with its products and stock. Needs RabbitMQ (`AMQP_URL`,
 * default amqp://guest:guest@127.0.0.1:5672), or with `--broker nats` NATS with JetStream
 * (`NATS_URL`, default 127.0.0.1:4222); uses PGlite directories, or PostgreSQL schemas when
 * `DATABASE_URL` is set. Everything it starts is stopped at the end, also on failure or Ctrl-C.
 */
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const brokerFlag = process.argv.indexOf('--broker');
const brokerName = brokerFlag < 0 ? 'rabbitmq' : process.argv[brokerFlag + 1];
if (brokerName !== 'rabbitmq' && brokerName !== 'nats') {
  console.error(`--broker takes rabbitmq or nats (not ${brokerName})`);
  process.exit(2);
}
const natsUrl = brokerName === 'nats' ? (process.env.NATS_URL ?? '127.0.0.1:4222') : undefined;
const prefix = `order-inventory-demo-${Date.now().toString(36)}`;
const databaseUrl = process.env.DATABASE_URL || undefined;

type Json = Record<string, unknown>;
async function call<T = Json>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}
/** Polls until `done` holds: the services answer each other through the broker, asynchronously. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let cluster: Cluster | undefined;
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.log('\nInterrupted: stopping the services…');
  void (cluster?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

try {
  console.log(
    `Starting inventory, orders and the gateway (broker ${natsUrl === undefined ? `RabbitMQ at ${new URL(amqpUrl).host}` : `NATS JetStream at ${natsUrl}`}, prefix ${prefix}, ` +
      `${databaseUrl === undefined ? 'a PGlite directory per service' : 'a PostgreSQL schema per service'})…`,
  );
  // A fresh PGlite directory per service migrates at start: allow for a slow machine.
  cluster = await startCluster({
    amqpUrl,
    ...(natsUrl === undefined ? {} : { natsUrl }),
    prefix,
    startTimeoutMs: 60_000,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
  });
  const { inventory, orders, gateway } = cluster.urls;
  console.log(`   inventory ${inventory}, orders ${orders}, gateway ${gateway}\n`);

  type ProductView = { productId: string; sku: string; available: number; reserved: number };
  const stock = async () =>
    (await call<ProductView[]>('GET', `${inventory}/products`))
      .map((p) => `${p.sku} ${p.available} available / ${p.reserved} reserved`)
      .join(', ');
  const reservedOf = async (productId: string) =>
    (await call<ProductView>('GET', `${inventory}/products/${productId}`)).reserved;

  const tea = await call<{ productId: string }>('POST', `${inventory}/products`, {
    sku: 'TEA-001',
    name: 'Sencha, 100 g',
    price: { amount: '12.50', currency: 'USD' },
    stock: 10,
  });
  const pot = await call<{ productId: string }>('POST', `${inventory}/products`, {
    sku: 'POT-002',
    name: 'Cast-iron teapot',
    price: { amount: '48.00', currency: 'USD' },
    stock: 3,
  });
  console.log(`1. Inventory stocked: ${await stock()}`);

  const customerId = '0199a8b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b';
  const shippingAddress = { lines: ['221B Baker Street'], locality: 'London', postalCode: 'NW1 6XE', country: 'GB' };
  const place = async (items: { productId: string; quantity: number }[]) => {
    const { orderId } = await call<{ orderId: string }>('POST', `${orders}/orders`, {
      customerId,
      shippingAddress,
      items,
    });
    await call('POST', `${orders}/orders/${orderId}/confirm`);
    return orderId;
  };

  const first = await place([
    { productId: tea.productId, quantity: 2 },
    { productId: pot.productId, quantity: 1 },
  ]);
  await eventually(
    () => reservedOf(pot.productId),
    (reserved) => reserved === 1,
    'the first reservation',
  );
  console.log(`2. Order ${first.slice(-6)} confirmed at the orders service; the inventory service reserved its stock`);
  const second = await place([{ productId: pot.productId, quantity: 2 }]);
  await eventually(
    () => reservedOf(pot.productId),
    (reserved) => reserved === 3,
    'the second reservation',
  );
  console.log(`3. Order ${second.slice(-6)} confirmed and reserved. Now: ${await stock()}`);

  const third = await place([
    { productId: pot.productId, quantity: 1 },
    { productId: tea.productId, quantity: 1 },
  ]);
  const cancelled = await eventually(
    () => call<{ status: string; cancelReason: string }>('GET', `${orders}/orders/${third}`),
    (view) => view.status === 'cancelled',
    'the compensation',
  );
  console.log(
    `4. Order ${third.slice(-6)} confirmed, but no teapot is left: inventory answered StockReservationFailed`,
  );
  console.log(`   and the orders service's saga compensated. Status "${cancelled.status}": ${cancelled.cancelReason}`);
  console.log(`   Stock is unchanged: ${await stock()}`);

  type Details = {
    status: string;
    total: { amount: string };
    items: { productName: string; quantity: number; product: { sku: string }; stock: { available: number } }[];
  };
  const details = await call<Details>('GET', `${gateway}/orders/${first}/details`);
  console.log(`5. The gateway aggregates order ${first.slice(-6)} (${details.status}, ${details.total.amount} USD):`);
  for (const item of details.items) {
    console.log(`   ${item.quantity} × ${item.productName} (${item.product.sku}, ${item.stock.available} available)`);
  }

  await call('POST', `${orders}/orders/${first}/cancel`, { reason: 'Changed my mind' });
  await eventually(
    () => reservedOf(pot.productId),
    (reserved) => reserved === 2,
    'the release',
  );
  console.log(
    `6. Order ${first.slice(-6)} cancelled by its customer: ReleaseStock crossed the broker. Now: ${await stock()}`,
  );

  const health = async (url: string) =>
    (await call<{ inbox: { handled: number; duplicates: number } }>('GET', `${url}/health`)).inbox;
  const [ordersInbox, inventoryInbox] = await Promise.all([health(orders), health(inventory)]);
  console.log(
    `7. Inboxes: inventory handled ${inventoryInbox.handled} commands, orders ${ordersInbox.handled} events ` +
      `(duplicates dropped: ${inventoryInbox.duplicates + ordersInbox.duplicates})`,
  );

  await cluster.stopService('inventory');
  const response = await fetch(`${gateway}/orders/${second}/details`);
  const problem = (await response.json()) as { title: string; detail: string };
  console.log(
    `8. With the inventory service stopped, the gateway answers ${response.status} (${response.headers.get('content-type')}):`,
  );
  console.log(`   ${problem.title}: ${problem.detail}`);
} catch (error) {
  if (!interrupted) {
    console.error('\nThe demo failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
} finally {
  await cluster?.stop();
  if (natsUrl === undefined) await deleteTopology(amqpUrl, prefix).catch(() => undefined);
  else await deleteNatsTopology(natsUrl, prefix).catch(() => undefined);
  if (!interrupted) console.log('\nAll services stopped.');
}
