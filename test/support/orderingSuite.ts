import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, type Inbox, InMemoryInbox } from '../../src/index.js';
import { waitFor } from './brokers.js';

/** One consumer process of the group, as the suite drives it. */
export interface OrderingConsumer {
  /** Stops it the graceful way. */
  stop(): Promise<void>;
  /** Kills it: cuts its connections at once, without a goodbye (a crashed process, as the broker sees it). */
  kill(): Promise<void>;
  /** The partitions it reads now. */
  owned(): readonly number[];
}

/** A partitioned broker setup with names of its own: what the suite needs of an adapter. */
export interface OrderingBroker {
  /** Publishes the events, in order, partitioned by aggregate id. */
  publish(events: readonly DomainEvent[]): Promise<void>;
  /** Starts one more consumer of the group (all share one inbox and one consumer name). */
  consumer(delivery: {
    readonly consumer: string;
    readonly inbox: Inbox;
    readonly handler: (event: DomainEvent) => Promise<void>;
  }): Promise<OrderingConsumer>;
  /** Deletes everything it created. */
  cleanup(): Promise<void>;
}

const EVENTS = 10_000;
const AGGREGATES = 200;
const CONSUMERS = 3;

/**
 * The events of `AGGREGATES` aggregates, interleaved: event `i` is version `i / AGGREGATES + 1`
 * of aggregate `i % AGGREGATES`.
 */
function interleaved(): DomainEvent[] {
  const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
  const start = Date.now();
  return Array.from({ length: EVENTS }, (_, i) => ({
    id: randomUUID(),
    type: 'ItemShipped',
    schemaVersion: 1,
    aggregateId: aggregates[i % AGGREGATES] as string,
    aggregateVersion: Math.floor(i / AGGREGATES) + 1,
    occurredAt: new Date(start + i).toISOString(),
    payload: { sku: `sku-${i}`, quantity: 1 },
    metadata: {},
  }));
}

/**
 * Runs `consumers` consumers of one group over 10,000 events of 200 aggregates and records, per
 * aggregate, the versions in the order their handlers committed, and per consumer how many it
 * handled. `killAfter`: once that many were handled, kill the first consumer.
 */
async function run(broker: OrderingBroker, killAfter?: number) {
  const inbox = new InMemoryInbox();
  const versions = new Map<string, number[]>();
  const handledBy = Array.from({ length: CONSUMERS }, () => 0);
  const dead = new Set<number>();
  let handled = 0;
  const consumers: OrderingConsumer[] = [];
  try {
    for (let k = 0; k < CONSUMERS; k++) {
      consumers.push(
        await broker.consumer({
          consumer: 'ordering',
          inbox,
          handler: async (event) => {
            // A killed consumer's process is gone: nothing of it commits any more.
            if (dead.has(k)) throw new Error('this consumer was killed');
            const seen = versions.get(event.aggregateId) ?? [];
            versions.set(event.aggregateId, seen);
            seen.push(event.aggregateVersion);
            handledBy[k] = (handledBy[k] as number) + 1;
            handled++;
          },
        }),
      );
    }
    // Publish once the group shared the partitions out, so that every consumer gets a part.
    await waitFor(() => consumers.every((consumer) => consumer.owned().length > 0), 30_000);
    const events = interleaved();
    for (let i = 0; i < events.length; i += 500) await broker.publish(events.slice(i, i + 500));
    let handledAtKill: number[] | undefined;
    if (killAfter !== undefined) {
      await waitFor(() => handled >= killAfter, 60_000);
      dead.add(0);
      await (consumers[0] as OrderingConsumer).kill();
      handledAtKill = [...handledBy];
    }
    await waitFor(() => handled >= EVENTS, 90_000);
    return { versions, handledBy, handledAtKill, events };
  } finally {
    for (const [k, consumer] of consumers.entries()) {
      if (!dead.has(k)) await consumer.stop();
    }
    for (const k of dead) {
      // A killed consumer stops without its broker: give it a moment, not the test's whole timeout.
      await Promise.race([(consumers[k] as OrderingConsumer).stop(), new Promise((r) => setTimeout(r, 2000))]);
    }
    await broker.cleanup();
  }
}

/** Every aggregate's versions were handled once each, in order: exactly `1, 2, …, n`. */
function expectInOrderOnce(versions: ReadonlyMap<string, readonly number[]>, events: readonly DomainEvent[]): void {
  expect(versions.size).toBe(AGGREGATES);
  const perAggregate = events.length / AGGREGATES;
  const expected = Array.from({ length: perAggregate }, (_, i) => i + 1);
  const wrong = [...versions].filter(([, seen]) => seen.length !== expected.length || seen.some((v, i) => v !== i + 1));
  expect(wrong.slice(0, 3)).toEqual([]);
  for (const seen of versions.values()) expect(seen).toEqual(expected);
}

/**
 * The partitioned-ordering suite for a broker adapter: three consumers of one group share 10,000
 * events of 200 aggregates, each aggregate's events handled once and in version order; then the
 * same with the first consumer killed a third of the way through, its partitions moving to the
 * other two. `broker` makes a fresh setup (names of its own) for each test.
 */
export function orderingSuite(name: string, available: boolean, broker: () => Promise<OrderingBroker>): void {
  describe.runIf(available)(`${name}: partitioned, ordered consumption`, () => {
    it(`${CONSUMERS} consumers share ${EVENTS} events of ${AGGREGATES} aggregates, each aggregate's in order, each once`, async () => {
      const { versions, handledBy, events } = await run(await broker());
      expectInOrderOnce(versions, events);
      expect(handledBy.reduce((a, b) => a + b, 0)).toBe(EVENTS);
      // The work was shared: every consumer handled a part.
      for (const count of handledBy) expect(count).toBeGreaterThan(0);
    }, 180_000);

    it('keeps each aggregate in order when a consumer is killed midway: its partitions move to the others', async () => {
      const { versions, handledBy, handledAtKill, events } = await run(await broker(), EVENTS / 3);
      expectInOrderOnce(versions, events);
      expect(handledBy[0]).toBe(handledAtKill?.[0]);
      expect(handledBy.reduce((a, b) => a + b, 0)).toBe(EVENTS);
      // The survivors handled everything after the kill, the killed one's partitions included.
      expect((handledBy[1] as number) + (handledBy[2] as number)).toBe(EVENTS - (handledAtKill?.[0] as number));
    }, 180_000);
  });
}
