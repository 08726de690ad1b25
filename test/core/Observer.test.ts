import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { handleDeliveries } from '../../src/cqrs/handleDelivery.js';
import { encodeMessage } from '../../src/cqrs/messageEnvelope.js';
import {
  AggregateRoot,
  ConcurrencyError,
  defineEvent,
  type EventOf,
  InMemoryInbox,
  inMemoryStore,
  type ObservedOutcome,
  type Observer,
  stateStored,
} from '../../src/index.js';
import { shipped } from '../support/brokers.js';

const Renamed = defineEvent('Renamed', z.object({ name: z.string() }));

class Tag extends AggregateRoot<string, { name: string }, EventOf<typeof Renamed>> {
  static create(id: string): Tag {
    return new Tag(id, { name: '' });
  }
  rename(name: string): void {
    this.state.name = name;
    this.raise(Renamed({ name }));
  }
}

/** An observer that records what each hook saw and how each observation ended. */
function recording() {
  const seen: { hook: string; what: unknown; outcome?: ObservedOutcome<unknown> }[] = [];
  const observe = (hook: string, what: unknown, metadata?: Record<string, string>) => {
    const entry: (typeof seen)[number] = { hook, what };
    seen.push(entry);
    return {
      ...(metadata === undefined ? {} : { metadata }),
      end: (outcome: ObservedOutcome<unknown>) => {
        entry.outcome = outcome;
      },
    };
  };
  const observer: Observer = {
    commit: (session) => observe('commit', session, { trace: 'commit-span' }),
    deliver: (delivery) => observe('deliver', delivery.event.id, { trace: `deliver-${delivery.event.id}` }),
  };
  return { seen, observer };
}

describe('Observer: session commits', () => {
  it('stamps the observation’s metadata on the events and messages and reports what the commit wrote', async () => {
    const { seen, observer } = recording();
    const store = inMemoryStore({ aggregates: { tags: stateStored<Tag>('Tag') }, observer });
    await store.transaction(
      async (s) => {
        const tag = Tag.create('t-1');
        tag.rename('first');
        s.tags.add(tag);
        s.send({ type: 'Notify', id: 'c-1', payload: {}, metadata: { trace: 'from-the-command' } });
      },
      { metadata: { correlationId: 'req-1', trace: 'from-the-request' } },
    );
    const metadata = store.outbox.pending.map((m) => (m.kind === 'event' ? m.event.metadata : m.command.metadata));
    expect(metadata).toEqual([
      expect.objectContaining({ correlationId: 'req-1', trace: 'commit-span' }),
      expect.objectContaining({ trace: 'commit-span' }),
    ]);
    expect(seen).toEqual([
      {
        hook: 'commit',
        what: { store: 'inMemoryStore', metadata: { correlationId: 'req-1', trace: 'from-the-request' } },
        outcome: {
          ok: true,
          durationMs: expect.any(Number),
          result: {
            aggregates: [{ type: 'Tag', id: 't-1', version: 1, change: 'insert', events: 1 }],
            messages: 2,
          },
        },
      },
    ]);
  });

  it('reports a commit that lost a race as failed, and writes nothing', async () => {
    const { seen, observer } = recording();
    const store = inMemoryStore({ aggregates: { tags: stateStored<Tag>('Tag') }, observer });
    await store.tags.save(Tag.create('t-2'));
    const stale = await store.tags.getById('t-2');
    const fresh = await store.tags.getById('t-2');
    fresh.rename('winner');
    await store.tags.save(fresh);
    stale.rename('loser');
    await expect(store.tags.save(stale)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(seen.at(-1)?.outcome).toMatchObject({ ok: false, error: expect.any(ConcurrencyError) });
    expect((await store.tags.getById('t-2')).version).toBe(2);
    expect(store.outbox.pending.map((m) => m.kind === 'event' && m.event.payload)).toEqual([{ name: 'winner' }]);
    // The aggregate keeps its events and version, as without an observer.
    expect(stale.pendingEvents).toHaveLength(1);
  });
});

describe('Observer: batched deliveries', () => {
  it('observes each message of a batch with its own outcome and hands each handler its metadata', async () => {
    const { seen, observer } = recording();
    const events = ['a', 'b', 'c'].map((sku) => shipped(sku));
    const inbox = new InMemoryInbox();
    await inbox.handleOnce('tags', events[2]?.id as string, async () => undefined); // c: a duplicate
    const traces: unknown[] = [];
    const outcomes = await handleDeliveries(
      events.map((event) => ({ body: encodeMessage(event), attempts: 1 })),
      {
        consumer: 'tags',
        inbox,
        observer,
        handler: async (event) => {
          traces.push(event.metadata.trace);
          if ((event.payload as { sku: string }).sku === 'b') throw new Error('b fails');
        },
      },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'retry', 'duplicate']);
    expect(traces).toEqual([`deliver-${events[0]?.id}`, `deliver-${events[1]?.id}`]);
    expect(seen.map((entry) => (entry.outcome?.ok ? entry.outcome.result : 'failed'))).toEqual([
      'handled',
      'failed',
      'duplicate',
    ]);
  });
});
