/**
 * Partitioned, ordered consumption: three processes of one group share 12 partitions of 10,000
 * events of 200 aggregates; every aggregate's events are handled in version order, each once,
 * also when one process dies midway (its connection closed under it) and its partitions move.
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { type DomainEvent, InMemoryInbox, type MemoryTransaction } from '../../src/index.js';
import { NatsConsumer, NatsPublisher } from '../../src/nats/index.js';
import { uniqueName, waitFor } from '../support/brokers.js';
import { natsAvailable, natsConnection } from '../support/nats.js';

const available = await natsAvailable();
const AGGREGATES = 200;
const EVENTS = 10_000;
const PARTITIONS = 12;

describe.runIf(available)('NATS partitioned ordering', () => {
  const stream = uniqueName('tddd-nats-order');
  const connections: NatsConnection[] = [];
  const consumers: NatsConsumer<DomainEvent, MemoryTransaction>[] = [];

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    const admin = await natsConnection();
    await (await jetstreamManager(admin)).streams.delete(stream).catch(() => false);
    await admin.close();
    for (const connection of connections) if (!connection.isClosed()) await connection.close();
  });

  it('3 consumers × 10,000 events of 200 aggregates: in version order, each once, across a consumer killed midway', async () => {
    const start = Date.UTC(2026, 0, 1);
    const events: DomainEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
      id: randomUUID(),
      type: 'StockMoved',
      schemaVersion: 1,
      aggregateId: `aggregate-${i % AGGREGATES}`,
      aggregateVersion: Math.floor(i / AGGREGATES) + 1,
      occurredAt: new Date(start + i).toISOString(),
      payload: { quantity: i },
      metadata: {},
    }));
    const lastVersion = new Map<string, number>();
    const outOfOrder: string[] = [];
    const handledBy = [0, 0, 0];
    /** Aggregates with a handler running now: a second one at once would break "one at a time". */
    const inHand = new Set<string>();
    const overlapping: string[] = [];
    const inbox = new InMemoryInbox();
    for (let member = 0; member < 3; member++) {
      const connection = await natsConnection();
      connections.push(connection);
      const consumer = new NatsConsumer({
        connection,
        stream,
        durable: 'projector',
        partitions: PARTITIONS,
        memberName: `member-${member}`,
        consumer: 'projector',
        inbox,
        ackWaitMs: 2000,
        heartbeatMs: 100,
        memberTimeoutMs: 600,
        onError: () => undefined,
        handler: async (event) => {
          if (inHand.has(event.aggregateId)) overlapping.push(event.aggregateId);
          inHand.add(event.aggregateId);
          const last = lastVersion.get(event.aggregateId) ?? 0;
          if (event.aggregateVersion !== last + 1) {
            outOfOrder.push(`${event.aggregateId}: ${event.aggregateVersion} after ${last}`);
          }
          lastVersion.set(event.aggregateId, event.aggregateVersion);
          handledBy[member] = (handledBy[member] ?? 0) + 1;
          await new Promise((resolve) => setImmediate(resolve));
          inHand.delete(event.aggregateId);
        },
      });
      consumers.push(consumer);
      await consumer.start();
    }
    await waitFor(() => consumers.every((c) => c.partitionsOwned.length === PARTITIONS / 3), 5000);

    const publisher = new NatsPublisher({
      connection: connections[0] as NatsConnection,
      stream,
      partitions: PARTITIONS,
    });
    for (let i = 0; i < EVENTS; i += 500) await publisher.publishBatch(events.slice(i, i + 500));

    const handled = (): number => handledBy.reduce((a, b) => a + b, 0);
    await waitFor(() => handled() >= EVENTS / 3, 60_000);
    // Member 2 dies: its connection goes, without leaving the group.
    const killedAt = handledBy[2] ?? 0;
    await (connections[2] as NatsConnection).close();
    // Its partitions move to the two others (a heartbeat late under load may blur the view a moment).
    await waitFor(() => consumers.slice(0, 2).every((c) => c.partitionsOwned.length === PARTITIONS / 2), 10_000);
    await waitFor(
      () => [...lastVersion.values()].filter((v) => v === EVENTS / AGGREGATES).length === AGGREGATES,
      120_000,
    );

    expect(outOfOrder).toEqual([]);
    expect(overlapping).toEqual([]);
    expect(handled()).toBe(EVENTS);
    expect(killedAt).toBeGreaterThan(0);
    // At most its messages in hand (one per partition it owned) finished after the kill.
    expect(handledBy[2]).toBeLessThanOrEqual(killedAt + PARTITIONS / 3);
    expect(handledBy[0]).toBeGreaterThan(0);
    expect(handledBy[1]).toBeGreaterThan(0);
  }, 180_000);
});
