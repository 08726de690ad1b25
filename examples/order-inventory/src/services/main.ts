import type { StoreChoice } from '../app/stores.js';
import { startGateway } from './gateway.js';
import { startInventoryService } from './inventoryService.js';
import { startOrdersService } from './ordersService.js';
import type { RunningService } from './runtime.js';

/**
 * One service process: `tsx src/services/main.ts orders|inventory|gateway`, configured by the
 * environment: `PORT` (default 0: a free one), `AMQP_URL` (RabbitMQ), or `BROKER=nats` with
 * `NATS_URL` (NATS JetStream, default 127.0.0.1:4222), `BROKER_PREFIX` (exchange and queue names), `DATABASE_URL` + `DB_SCHEMA` (PostgreSQL: a schema per service) or else `DATA_DIR` (a
 * PGlite directory of its own: the directory is locked, a second process cannot open it), and
 * `INVENTORY_URL`, `ORDERS_URL`. Started by a parent with an IPC channel (`npm run
 * demo:services`), it reports `{ ready, port }` to it and stops when the parent goes away.
 */
const role = process.argv[2];
const env = process.env;
const port = Number(env.PORT ?? 0);
const amqpUrl = env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const prefix = env.BROKER_PREFIX ?? 'order-inventory';
const broker = env.BROKER === 'nats' ? { amqpUrl, natsUrl: env.NATS_URL ?? '127.0.0.1:4222' } : { amqpUrl };

const store = (name: string): Exclude<StoreChoice, { kind: 'memory' }> =>
  env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL, schema: env.DB_SCHEMA ?? name }
    : { kind: 'pglite', dataDir: env.DATA_DIR ?? `./data/${name}`, schema: name };
const required = (name: string): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${role} needs ${name}`);
  return value;
};

async function start(): Promise<RunningService> {
  switch (role) {
    case 'inventory':
      return startInventoryService({ store: store('inventory'), ...broker, prefix, port });
    case 'orders':
      return startOrdersService({
        store: store('orders'),
        ...broker,
        prefix,
        port,
        inventoryUrl: required('INVENTORY_URL'),
      });
    case 'gateway':
      return startGateway({ ordersUrl: required('ORDERS_URL'), inventoryUrl: required('INVENTORY_URL'), port });
    default:
      throw new Error(`Usage: tsx src/services/main.ts orders|inventory|gateway (not "${role}")`);
  }
}

try {
  const service = await start();
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void service
      .stop()
      .catch((error: unknown) => console.error(`${role}: stopping failed`, error))
      .finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop(0));
  // The parent died or closed the channel: do not outlive it.
  process.once('disconnect', () => stop(0));
  if (process.send) process.send({ ready: role, port: service.port });
  else console.log(`${role} on ${service.url}`);
} catch (error) {
  console.error(`${role} failed to start:`, error);
  process.exit(1);
}
