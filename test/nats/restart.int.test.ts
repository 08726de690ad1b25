/**
 * A real NATS server restart during a run of 1,000 messages, on a dedicated `nats-server` (a free
 * port, JetStream storing in a temporary directory) so that the other test files are not
 * disturbed: it is killed with SIGKILL midway and started again on the same store.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { InMemoryOutbox } from '../../src/index.js';
import { type ConsumerFailure, NatsConsumer, NatsPublisher } from '../../src/nats/index.js';
import { addToOutbox, deliveryRecorder, freePort, shipped, waitFor } from '../support/brokers.js';
import { killNatsServer, natsConnection, natsServerInstalled, startNatsServer } from '../support/nats.js';

const available = natsServerInstalled();

describe.runIf(available)('NATS restart during a run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tddd-nats-'));
  let server: ChildProcess | undefined;

  afterAll(async () => {
    await killNatsServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('handles all 1,000 messages exactly once across a SIGKILL and restart of the server', async () => {
    const port = await freePort();
    server = await startNatsServer(port, dir);
    const connection = await natsConnection(`127.0.0.1:${port}`);
    const statuses: string[] = [];
    void (async () => {
      for await (const status of connection.status()) statuses.push(status.type);
    })();
    const recorder = deliveryRecorder();
    const failures: ConsumerFailure[] = [];
    const consumer = new NatsConsumer({
      connection,
      stream: 'restart',
      durable: 'restart',
      partitions: 4,
      consumer: 'restart',
      inbox: recorder.inbox,
      handler: recorder.handler,
      ackWaitMs: 2000,
      reconnectDelayMs: 100,
      heartbeatMs: 100,
      memberTimeoutMs: 1000,
      onError: (failure) => failures.push(failure),
    });
    await consumer.start();
    const outbox = new InMemoryOutbox();
    const relay = new OutboxRelay({
      outbox,
      publisher: new NatsPublisher({ connection, stream: 'restart', partitions: 4 }),
      pollIntervalMs: 20,
      retryDelayMs: () => 50,
      onError: () => {},
    });
    relay.start();
    const events = Array.from({ length: 1000 }, (_, i) => shipped(`restart-${i}`));
    for (let i = 0; i < events.length; i += 100) await addToOutbox(outbox, events.slice(i, i + 100));

    await waitFor(() => recorder.handled.size >= 300, 30_000);
    const handledBeforeTheKill = recorder.handled.size;
    await killNatsServer(server);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server = await startNatsServer(port, dir);
    await waitFor(() => recorder.handled.size === 1000, 90_000);
    await relay.stop();
    await consumer.stop();
    await connection.close();

    expect(recorder.handledTwice()).toEqual([]);
    expect(outbox.pending).toEqual([]);
    expect(handledBeforeTheKill).toBeLessThan(1000);
    // The client saw the outage and reconnected; no message was retried or dead-lettered.
    expect(statuses).toEqual(expect.arrayContaining(['disconnect', 'reconnect']));
    expect(failures.filter((f) => f.status !== 'connection')).toEqual([]);
  }, 150_000);
});
