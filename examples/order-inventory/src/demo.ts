import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createApp } from './app/createApp.js';
import { openStores, storeChoiceFrom } from './app/stores.js';

/**
 * A scripted story over real HTTP requests (to the app's `fetch`, no port needed): stock two
 * products, place and confirm two orders (stock reserved), then one more than the stock allows
 * (the saga cancels it), and print what happened and the trace of that last request.
 */
const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('demo');
const choice = storeChoiceFrom(process.argv.slice(2), process.env);
const stores = await openStores(choice);
const app = createApp({ stores, tracer });

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await app.http.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}
const settle = () => app.delivery.drain();
const stock = async () =>
  (await call<{ sku: string; available: number; reserved: number }[]>('GET', '/products'))
    .map((p) => `${p.sku} ${p.available} available / ${p.reserved} reserved`)
    .join(', ');

try {
  console.log(`Store: ${choice.kind}\n`);
  const tea = await call<{ productId: string }>('POST', '/products', {
    sku: 'TEA-001',
    name: 'Sencha, 100 g',
    price: { amount: '12.50', currency: 'USD' },
    stock: 10,
  });
  const pot = await call<{ productId: string }>('POST', '/products', {
    sku: 'POT-002',
    name: 'Cast-iron teapot',
    price: { amount: '48.00', currency: 'USD' },
    stock: 3,
  });
  console.log(`1. Stocked: ${await stock()}`);

  const customerId = '0199a8b2-7c1d-7e2f-8a3b-4c5d6e7f8a9b';
  const shippingAddress = { lines: ['221B Baker Street'], locality: 'London', postalCode: 'NW1 6XE', country: 'GB' };
  const place = async (items: { productId: string; quantity: number }[]) => {
    const { orderId } = await call<{ orderId: string }>('POST', '/orders', { customerId, shippingAddress, items });
    await call('POST', `/orders/${orderId}/confirm`);
    await settle();
    return orderId;
  };

  const first = await place([
    { productId: tea.productId, quantity: 2 },
    { productId: pot.productId, quantity: 1 },
  ]);
  const firstView = await call<{ total: { amount: string } }>('GET', `/orders/${first}`);
  console.log(`2. Order ${first.slice(-6)} confirmed (total ${firstView.total.amount} USD): stock reserved`);
  const second = await place([{ productId: pot.productId, quantity: 2 }]);
  console.log(`3. Order ${second.slice(-6)} confirmed: stock reserved. Now: ${await stock()}`);

  exporter.reset();
  const third = await place([
    { productId: pot.productId, quantity: 1 },
    { productId: tea.productId, quantity: 1 },
  ]);
  const confirmSpan = exporter.getFinishedSpans().find((span) => span.name === 'POST /orders/:id/confirm');
  const traceId = confirmSpan?.spanContext().traceId;
  const trace = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  const thirdView = await call<{ status: string; cancelReason: string }>('GET', `/orders/${third}`);
  console.log(`4. Order ${third.slice(-6)} confirmed, but no teapot is left: the saga compensated.`);
  console.log(`   Its status is now "${thirdView.status}": ${thirdView.cancelReason}`);
  console.log(`   Stock is unchanged: ${await stock()}`);

  await call('POST', `/orders/${first}/cancel`, { reason: 'Changed my mind' });
  await settle();
  console.log(`5. Order ${first.slice(-6)} cancelled by its customer: its stock is released. Now: ${await stock()}`);

  const page = await call<{ items: { orderId: string; status: string }[]; total: number }>(
    'GET',
    `/orders?customerId=${customerId}&limit=10`,
  );
  console.log(`6. The read side lists ${page.total} orders for the customer:`);
  for (const item of page.items) console.log(`   ${item.orderId.slice(-6)} ${item.status}`);

  console.log(`7. One trace (${traceId}) spans step 4's confirmation, from the request to the compensation:`);
  type TraceSpan = (typeof trace)[number];
  const childrenOf = (parent: string | undefined): TraceSpan[] =>
    trace.filter(
      (span) =>
        (span.parentSpanContext?.spanId ?? undefined) === parent || (parent === undefined && span === confirmSpan),
    );
  const print = (span: TraceSpan, depth: number): void => {
    console.log(`   ${'  '.repeat(depth)}${span.name}`);
    for (const child of childrenOf(span.spanContext().spanId)) print(child, depth + 1);
  };
  if (confirmSpan !== undefined) print(confirmSpan, 0);
} finally {
  await app.delivery.stop();
  await stores.close();
}
