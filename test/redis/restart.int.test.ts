/**
 * A real Redis restart during a run of 1,000 messages, on a dedicated `redis-server` (a free port,
 * a temporary directory, `appendonly yes` with `appendfsync always`) so that the other test files
 * are not disturbed: it is killed with SIGKILL midway and started again on the same data.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { InMemoryOutbox } from '../../src/index.js';
import { type ConsumerFailure, RedisStreamConsumer, RedisStreamPublisher } from '../../src/redis/index.js';
import { addToOutbox, deliveryRecorder, freePort, redisAvailable, shipped, waitFor } from '../support/brokers.js';

const hasServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error('CI needs redis-server on the PATH', { cause: error });
    return false;
  }
})();
const available = hasServer && (await redisAvailable());

describe.runIf(available)('Redis restart during a run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tddd-redis-'));
  let server: ChildProcess | undefined;
  let port = 0;

  async function startServer(): Promise<void> {
    server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => undefined);
    await waitFor(async () => {
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        probe.disconnect();
        return false;
      }
    }, 10_000);
    probe.disconnect();
  }

  async function killServer(): Promise<void> {
    const child = server;
    server = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  afterAll(async () => {
    await killServer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers all 1,000 messages and handles none twice across a SIGKILL and restart', async () => {
    port = await freePort();
    await startServer();
    const redis = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 100 });
    redis.on('error', () => undefined); // the outage we cause
    const recorder = deliveryRecorder();
    const { handled } = recorder;
    const failures: ConsumerFailure[] = [];
    const consumer = new RedisStreamConsumer({
      redis,
      stream: 'restart',
      group: 'g',
      consumer: 'restart',
      inbox: recorder.inbox,
      handler: recorder.handler,
      blockMs: 100,
      claimIdleMs: 1000,
      onError: (failure) => failures.push(failure),
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const relay = new OutboxRelay({
      outbox,
      publisher: new RedisStreamPublisher({ redis, stream: 'restart' }),
      pollIntervalMs: 20,
      retryDelayMs: () => 50,
      onError: () => {},
    });
    relay.start();
    const events = Array.from({ length: 1000 }, (_, i) => shipped(`restart-${i}`));
    for (let i = 0; i < events.length; i += 100) await addToOutbox(outbox, events.slice(i, i + 100));

    await waitFor(() => handled.size >= 300, 30_000);
    const handledBeforeTheKill = handled.size;
    await killServer();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await startServer();
    await waitFor(() => handled.size === 1000, 60_000);
    await relay.stop();
    await consumer.stop();
    redis.disconnect();

    expect(recorder.handledTwice()).toEqual([]);
    // Through inbox batches (the consumers' default), with the same guarantees.
    expect(recorder.batches).toBeGreaterThan(0);
    expect(outbox.pending).toEqual([]);
    // ioredis hides the outage (it reconnects and resends), so the restart shows only in timing.
    expect(handledBeforeTheKill).toBeLessThan(1000);
    expect(failures.filter((f) => f.status !== 'connection')).toEqual([]);
  }, 120_000);
});
