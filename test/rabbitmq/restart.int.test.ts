/**
 * A real RabbitMQ restart during a run of 1,000 messages, on a dedicated RabbitMQ node (its own
 * node name, AMQP and distribution ports, and data directory) so that the other test files, which
 * share the machine's broker, are not disturbed. The node's Erlang VM is killed with SIGKILL midway
 * and started again on the same data directory: the durable queue and its confirmed persistent
 * messages survive, unconfirmed publishes are sent again by the relay, and unacknowledged
 * deliveries come back, which the inbox absorbs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { InMemoryOutbox } from '../../src/index.js';
import { type ConsumerFailure, RabbitMQConsumer, RabbitMQPublisher } from '../../src/rabbitmq/index.js';
import { addToOutbox, deliveryRecorder, freePort, shipped, waitFor } from '../support/brokers.js';

/** Debian's unwrapped scripts: they run the node as the calling user, with the caller's cookie. */
const bin = process.env.RABBITMQ_BIN ?? '/usr/lib/rabbitmq/bin';
const hasServer = (() => {
  if (existsSync(join(bin, 'rabbitmq-server'))) return true;
  if (process.env.CI === 'true') throw new Error(`CI needs RabbitMQ's scripts in ${bin} (Debian's rabbitmq-server)`);
  console.warn(`Skipping the RabbitMQ restart test: no rabbitmq-server in ${bin} (set RABBITMQ_BIN)`);
  return false;
})();

/** A RabbitMQ node of its own, started detached, killed with SIGKILL, started again on its data. */
class DedicatedNode {
  readonly dir = mkdtempSync(join(tmpdir(), 'tddd-rabbitmq-'));
  readonly name = `tddd-restart-${process.pid}@localhost`;
  port = 0;
  private env: NodeJS.ProcessEnv = {};

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      const distPort = await freePort();
      mkdirSync(join(this.dir, 'log'));
      writeFileSync(join(this.dir, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${this.port}\n`);
      writeFileSync(join(this.dir, 'enabled_plugins'), '[].\n');
      writeFileSync(join(this.dir, 'rabbitmq-env.conf'), '');
      this.env = {
        ...process.env,
        RABBITMQ_NODENAME: this.name,
        RABBITMQ_NODE_PORT: String(this.port),
        RABBITMQ_DIST_PORT: String(distPort),
        RABBITMQ_CONFIG_FILE: join(this.dir, 'rabbitmq.conf'),
        RABBITMQ_CONF_ENV_FILE: join(this.dir, 'rabbitmq-env.conf'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(this.dir, 'enabled_plugins'),
        RABBITMQ_MNESIA_BASE: join(this.dir, 'data'),
        RABBITMQ_LOG_BASE: join(this.dir, 'log'),
        RABBITMQ_PID_FILE: join(this.dir, 'node.pid'),
        ERL_EPMD_ADDRESS: '127.0.0.1',
      };
    }
    rmSync(join(this.dir, 'node.pid'), { force: true });
    spawn(join(bin, 'rabbitmq-server'), ['-detached'], { env: this.env, stdio: 'ignore' }).unref();
    await waitFor(async () => {
      try {
        const connection = await connect(this.url);
        await connection.close();
        return true;
      } catch {
        return false;
      }
    }, 90_000);
  }

  /** Kills the node's Erlang VM outright: no graceful shutdown, as in a crash. */
  async kill(): Promise<void> {
    const pid = Number(readFileSync(join(this.dir, 'node.pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 10_000);
  }

  stop(): void {
    try {
      execFileSync(join(bin, 'rabbitmqctl'), ['-n', this.name, 'stop'], { env: this.env, stdio: 'ignore' });
    } catch {
      // Not running (or already gone).
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe.runIf(hasServer)('RabbitMQ restart during a run', () => {
  const node = new DedicatedNode();
  const exchange = 'tddd-restart';
  const queue = 'tddd-restart-queue';

  afterAll(() => node.stop());

  it('delivers all 1,000 messages and handles none twice across a SIGKILL and restart of the broker', async () => {
    await node.start();
    const recorder = deliveryRecorder(2);
    const { handled } = recorder;
    const failures: ConsumerFailure[] = [];
    const relayErrors: unknown[] = [];
    const consumer = new RabbitMQConsumer({
      url: node.url,
      exchange,
      queue,
      consumer: 'restart',
      inbox: recorder.inbox,
      handler: recorder.handler,
      reconnectDelayMs: 200,
      onError: (failure) => failures.push(failure),
    });
    await consumer.start();
    const publisher = new RabbitMQPublisher({ url: node.url, exchange });
    const outbox = new InMemoryOutbox();
    const relay = new OutboxRelay({
      outbox,
      publisher,
      pollIntervalMs: 20,
      retryDelayMs: () => 200,
      onError: (error) => relayErrors.push(error),
    });
    const events = Array.from({ length: 1000 }, (_, i) => shipped(`restart-${i}`));
    relay.start();
    // 600 go in before the crash, 400 while the broker is down: the relay must hold them and retry.
    for (let i = 0; i < 600; i += 100) await addToOutbox(outbox, events.slice(i, i + 100));
    await waitFor(() => handled.size >= 300, 30_000);
    const handledBeforeTheKill = handled.size;
    await node.kill();
    for (let i = 600; i < events.length; i += 100) await addToOutbox(outbox, events.slice(i, i + 100));
    await node.start();
    await waitFor(() => handled.size === 1000, 90_000);
    await relay.stop();
    await consumer.stop();
    await publisher.close();

    expect(handledBeforeTheKill).toBeLessThan(1000);
    expect(recorder.handledTwice()).toEqual([]);
    // Through inbox batches (the consumers' default), with the same guarantees.
    expect(recorder.batches).toBeGreaterThan(0);
    expect(new Set(handled.keys())).toEqual(new Set(events.map((event) => event.id)));
    expect(outbox.pending).toEqual([]);
    // Both sides saw the broker go away, and came back without help.
    expect(failures.map((failure) => failure.status)).toContain('connection');
    expect(relayErrors.length).toBeGreaterThan(0);
    expect(recorder.deliveries).toBeGreaterThanOrEqual(1000);
  }, 240_000);
});
