import { describe, expect, it } from 'vitest';
import {
  type Clock,
  type DomainEvent,
  InMemoryMessagePublisher,
  InMemoryOutbox,
  inMemoryStore,
  type OutboxMessage,
} from '../../src/index.js';
import { Account } from './accountFixtures.js';

const eventsOf = (count: number): DomainEvent[] => {
  const account = Account.open();
  for (let i = 1; i <= count; i++) account.deposit(i);
  return [...account.pullEvents()];
};

/** Adds events to the outbox the way sessions do: published in a session that commits. */
const add = (outbox: InMemoryOutbox, events: readonly DomainEvent[]) =>
  inMemoryStore({ aggregates: {}, outbox }).transaction((s) => {
    for (const event of events) s.publish(event);
  });

/** The event a message carries. */
const eventOf = (message: OutboxMessage): DomainEvent => {
  if (message.kind !== 'event') throw new Error(`expected an event, got ${message.kind}`);
  return message.event;
};

class ManualClock implements Clock {
  constructor(public time = Date.parse('2026-11-25T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.time);
  }
}

describe('InMemoryOutbox', () => {
  it('publishes committed messages in order and marks them published', async () => {
    const clock = new ManualClock();
    const outbox = new InMemoryOutbox({ clock });
    const publisher = new InMemoryMessagePublisher();
    const events = eventsOf(3);
    await add(outbox, events);
    const result = await outbox.publishPending((m) => publisher.publish(eventOf(m)));
    expect(result).toEqual({ published: 3 });
    expect(publisher.published).toEqual(events);
    expect(outbox.pending).toEqual([]);
    expect(outbox.messages.every((m) => m.publishedAt === '2026-11-25T09:00:00.000Z')).toBe(true);
    expect(await outbox.publishPending((m) => publisher.publish(eventOf(m)))).toEqual({ published: 0 });
  });

  it('ignores an event id it already holds (idempotent add)', async () => {
    const outbox = new InMemoryOutbox();
    const events = eventsOf(2);
    await add(outbox, events);
    await add(outbox, events);
    await add(outbox, [...events, ...events]);
    expect(outbox.messages).toHaveLength(2);
  });

  it('adds nothing when the session rolls back', async () => {
    const outbox = new InMemoryOutbox();
    await expect(
      inMemoryStore({ aggregates: {}, outbox }).transaction((s) => {
        s.publish(eventsOf(1)[0] as DomainEvent);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(outbox.messages).toEqual([]);
  });

  it('stops at the first failure, records it, and retries after the backoff without reordering', async () => {
    const clock = new ManualClock();
    const outbox = new InMemoryOutbox({ clock });
    const events = eventsOf(3);
    await add(outbox, events);
    const delivered: string[] = [];
    let failOn: string | undefined = events[1]?.id;
    const publish = async (m: { id: string }) => {
      if (m.id === failOn) throw new Error('broker down');
      delivered.push(m.id);
    };
    const first = await outbox.publishPending(publish, { retryDelayMs: (attempts) => attempts * 1000 });
    expect(first.published).toBe(1);
    expect(first.failure?.error).toEqual(new Error('broker down'));
    expect(first.failure?.message).toMatchObject({ id: events[1]?.id, attempts: 1, lastError: 'broker down' });
    expect(first.failure?.message.availableAt).toBe('2026-11-25T09:00:01.000Z');
    // Not due yet: nothing after it is published either.
    failOn = undefined;
    expect(await outbox.publishPending(publish)).toEqual({ published: 0 });
    clock.time += 1000;
    expect(await outbox.publishPending(publish)).toEqual({ published: 2 });
    expect(delivered).toEqual(events.map((e) => e.id));
  });

  it('never lets two concurrent relays claim the same message: they take turns, in order', async () => {
    const outbox = new InMemoryOutbox();
    const events = eventsOf(4);
    await add(outbox, events);
    const seen: string[] = [];
    const slow = async (m: { id: string }) => {
      seen.push(m.id);
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const [a, b] = await Promise.all([
      outbox.publishPending(slow, { limit: 2 }),
      outbox.publishPending(slow, { limit: 2 }),
    ]);
    // The second call finds the first one's batch at the head and waits its turn.
    expect([a.published, b.published]).toEqual([2, 0]);
    expect(await outbox.publishPending(slow, { limit: 2 })).toEqual({ published: 2 });
    expect(seen).toEqual(events.map((event) => event.id));
  });

  it('hands a whole batch to publishBatch, and on its failure finds the failing message one at a time', async () => {
    const outbox = new InMemoryOutbox();
    const events = eventsOf(5);
    await add(outbox, events);
    const batches: string[][] = [];
    const single: string[] = [];
    const ok = await outbox.publishPending(async () => expect.unreachable('batch expected'), {
      limit: 2,
      publishBatch: async (messages) => {
        batches.push(messages.map((m) => m.id));
      },
    });
    expect(ok).toEqual({ published: 2 });
    expect(batches).toEqual([[events[0]?.id, events[1]?.id]]);
    const failing = await outbox.publishPending(
      async (message) => {
        single.push(message.id);
        if (message.id === events[3]?.id) throw new Error('too large');
      },
      {
        retryDelayMs: () => 60_000,
        publishBatch: async () => {
          throw new Error('batch refused');
        },
      },
    );
    expect(failing.published).toBe(1);
    expect(failing.failure?.message).toMatchObject({ id: events[3]?.id, attempts: 1, lastError: 'too large' });
    expect(single).toEqual([events[2]?.id, events[3]?.id]);
    expect(outbox.pending.map((m) => m.id)).toEqual([events[3]?.id, events[4]?.id]);
    // The failed one holds back the last.
    expect(await outbox.publishPending(async () => undefined)).toEqual({ published: 0 });
  });

  it('rejects a limit that is not a positive integer with ValidationError, claiming nothing', async () => {
    const outbox = new InMemoryOutbox();
    await add(outbox, eventsOf(1));
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await expect(outbox.publishPending(async () => undefined, { limit })).rejects.toMatchObject({
        name: 'ValidationError',
        field: 'limit',
        rule: 'too_small',
      });
    }
    expect(outbox.pending).toHaveLength(1);
  });

  it('wakes watchers after a commit, not before, and stops when unwatched', async () => {
    const outbox = new InMemoryOutbox();
    let wakes = 0;
    const stop = outbox.watch(() => {
      wakes++;
    });
    await inMemoryStore({ aggregates: {}, outbox }).transaction(async (s) => {
      s.publish(eventsOf(1)[0] as DomainEvent);
      await Promise.resolve();
      expect(wakes).toBe(0);
    });
    await Promise.resolve();
    expect(wakes).toBe(1);
    stop();
    await add(outbox, eventsOf(1));
    await Promise.resolve();
    expect(wakes).toBe(1);
  });

  it('records published events in the in-memory publisher until cleared', async () => {
    const publisher = new InMemoryMessagePublisher();
    const [event] = eventsOf(1);
    await publisher.publish(event as DomainEvent);
    await publisher.publish(event as DomainEvent);
    expect(publisher.published).toHaveLength(2);
    publisher.clear();
    expect(publisher.published).toEqual([]);
  });
});
