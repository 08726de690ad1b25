import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ServiceName = 'inventory' | 'orders' | 'gateway';

export interface ClusterOptions {
  readonly amqpUrl: string;
  /** NATS with JetStream: the services talk through it instead of RabbitMQ when set. */
  readonly natsUrl?: string;
  /** Exchange and queue names (`topology`), and the schemas' prefix on PostgreSQL. */
  readonly prefix: string;
  /** PostgreSQL (a schema per service: `<prefix>_orders`, `<prefix>_inventory`); default: PGlite directories. */
  readonly databaseUrl?: string;
  /** Each line a service prints (default: to the console, prefixed with its name). */
  readonly log?: (service: ServiceName, line: string) => void;
  /** How long a service may take to start (ms, default 30 000). */
  readonly startTimeoutMs?: number;
}

export interface Cluster {
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** The PGlite data directory of each service (none on PostgreSQL). */
  readonly dataDirs: Readonly<Partial<Record<ServiceName, string>>>;
  /** Stops one service (SIGTERM, then SIGKILL after 5 s) and waits for its exit. */
  stopService(name: ServiceName): Promise<void>;
  /** Stops every service still running and removes the PGlite directories. */
  stop(): Promise<void>;
}

const main = join(import.meta.dirname, 'main.ts');
const running = new Set<ChildProcess>();
let exitHook = false;

/**
 * Starts the three services as child processes on free ports (inventory first: its queue must
 * exist before orders publishes to it; the gateway last), each with its own PGlite directory or
 * PostgreSQL schema. If one fails to start, the ones already started are stopped. Children are
 * also killed when this process exits, and stop by themselves when it dies (their IPC channel closes).
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const log = options.log ?? ((service, line) => console.log(`  [${service}] ${line}`));
  const root = options.databaseUrl === undefined ? await mkdtemp(join(tmpdir(), 'order-inventory-')) : undefined;
  const children = new Map<ServiceName, ChildProcess>();
  const urls: Partial<Record<ServiceName, string>> = {};
  const dataDirs: Partial<Record<ServiceName, string>> = {};

  const stopService = async (name: ServiceName): Promise<void> => {
    const child = children.get(name);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const stop = async (): Promise<void> => {
    for (const name of ['gateway', 'orders', 'inventory'] as const) await stopService(name);
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  };

  const launch = (name: ServiceName, env: Record<string, string>): Promise<string> => {
    const environment: NodeJS.ProcessEnv = { ...process.env, PORT: '0', AMQP_URL: options.amqpUrl, ...env };
    environment.BROKER_PREFIX = options.prefix;
    delete environment.BROKER;
    if (options.natsUrl !== undefined) {
      environment.BROKER = 'nats';
      environment.NATS_URL = options.natsUrl;
    }
    delete environment.DATABASE_URL;
    if (name !== 'gateway') {
      if (options.databaseUrl !== undefined) {
        environment.DATABASE_URL = options.databaseUrl;
        environment.DB_SCHEMA = `${options.prefix.replace(/\W/g, '_')}_${name}`;
      } else {
        const dir = join(root as string, name);
        dataDirs[name] = dir;
        environment.DATA_DIR = dir;
      }
    }
    const child = spawn(process.execPath, ['--import', 'tsx', main, name], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.set(name, child);
    running.add(child);
    child.once('exit', () => running.delete(child));
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') log(name, line);
      });
    }
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start within ${options.startTimeoutMs ?? 30_000} ms`)),
        options.startTimeoutMs ?? 30_000,
      );
      child.once('message', (message: { ready?: string; port?: number }) => {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${message.port}`);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited during start (${signal ?? `code ${code}`})`));
      });
    });
  };

  try {
    urls.inventory = await launch('inventory', {});
    urls.orders = await launch('orders', { INVENTORY_URL: urls.inventory });
    urls.gateway = await launch('gateway', { ORDERS_URL: urls.orders, INVENTORY_URL: urls.inventory });
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: urls as Record<ServiceName, string>, dataDirs, stopService, stop };
}
