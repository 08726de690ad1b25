import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { waitFor } from './brokers.js';

/** The test NATS server (JetStream on): `NATS_URL`, or this machine's. */
export const natsUrl = process.env.NATS_URL ?? '127.0.0.1:4222';

/** Whether NATS answers; in CI it must (an unreachable server fails instead of skipping). */
export async function natsAvailable(): Promise<boolean> {
  try {
    const connection = await connect({ servers: natsUrl, reconnect: false, timeout: 2000 });
    await connection.close();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`CI needs NATS at ${natsUrl}`, { cause: error });
    console.warn(`Skipping NATS tests: nothing answers at ${natsUrl} (${String(error)})`);
    return false;
  }
}

/** A connection to the test server that keeps reconnecting. */
export const natsConnection = (servers = natsUrl): Promise<NatsConnection> =>
  connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 100 });

/** The `nats-server` binary for dedicated servers: `NATS_SERVER`, Debian's, or the one on the PATH. */
export const natsServerBinary =
  process.env.NATS_SERVER ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/** Whether the binary runs; in CI it must. */
export function natsServerInstalled(): boolean {
  try {
    execFileSync(natsServerBinary, ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`CI needs ${natsServerBinary}`, { cause: error });
    return false;
  }
}

/**
 * A dedicated `nats-server` with JetStream on 127.0.0.1:`port`, storing in `dir`, for fault
 * tests (never the shared one): resolves once it accepts connections.
 */
export async function startNatsServer(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn(natsServerBinary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
    stdio: 'ignore',
  });
  await waitFor(async () => {
    try {
      const probe = await connect({ servers: `127.0.0.1:${port}`, reconnect: false, timeout: 500 });
      await probe.close();
      return true;
    } catch {
      return false;
    }
  }, 15_000);
  return server;
}

/** Kills a dedicated server with SIGKILL and waits for it to exit. */
export async function killNatsServer(server: ChildProcess | undefined): Promise<void> {
  if (server === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}
