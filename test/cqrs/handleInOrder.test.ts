import { describe, expect, it } from 'vitest';
import { handleInOrder } from '../../src/cqrs/handleInOrder.js';
import { encodeMessage } from '../../src/cqrs/messageEnvelope.js';
import { type DomainEvent, type Inbox, InMemoryInbox } from '../../src/index.js';
import { shipped } from '../support/brokers.js';

const bodies = (events: readonly DomainEvent[]) => events.map((event) => ({ body: encodeMessage(event), attempts: 1 }));

describe('handleInOrder', () => {
  it('stops at the first failing handler: the deliveries after it are not run and left out', async () => {
    const events = Array.from({ length: 5 }, (_, i) => shipped(`sku-${i}`));
    const ran: string[] = [];
    const inbox = new InMemoryInbox();
    const outcomes = await handleInOrder(bodies(events), {
      consumer: 'billing',
      inbox,
      handler: async (event) => {
        if (event.id === events[2]?.id) throw new Error('boom');
        ran.push(event.id);
      },
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['handled', 'handled', 'retry']);
    expect(ran).toEqual([events[0]?.id, events[1]?.id]);
    // Nothing after the failure was recorded: handling them again runs their handlers.
    const again = await handleInOrder(bodies(events.slice(3)), { consumer: 'billing', inbox, handler: async () => {} });
    expect(again.map((outcome) => outcome.status)).toEqual(['handled', 'handled']);
  });

  it('dead-letters an undecodable delivery without holding back the ones after it', async () => {
    const events = [shipped('a'), shipped('b')];
    const deliveries = [{ body: '{"not":"an envelope"}', attempts: 1 }, ...bodies(events)];
    const outcomes = await handleInOrder(deliveries, {
      consumer: 'c',
      inbox: new InMemoryInbox(),
      handler: async () => {},
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['dead_letter', 'handled', 'handled']);
  });

  it('ends the prefix at a delivery dead-lettered after maxAttempts', async () => {
    const events = [shipped('a'), shipped('b'), shipped('c')];
    const outcomes = await handleInOrder(
      events.map((event) => ({ body: encodeMessage(event), attempts: 3 })),
      {
        consumer: 'c',
        inbox: new InMemoryInbox(),
        maxAttempts: 3,
        handler: async (event) => {
          if (event.id === events[1]?.id) throw new Error('poison');
        },
      },
    );
    expect(outcomes.map((outcome) => [outcome.status, 'reason' in outcome ? outcome.reason : ''])).toEqual([
      ['handled', ''],
      ['dead_letter', 'max_attempts'],
    ]);
  });

  it('returns only the first delivery when the batch transaction fails as a whole', async () => {
    const failing: Inbox = {
      handleOnce: async () => {
        throw new Error('database down');
      },
      handleBatch: async () => {
        throw new Error('database down');
      },
    };
    const outcomes = await handleInOrder(bodies([shipped('a'), shipped('b')]), {
      consumer: 'c',
      inbox: failing,
      handler: async () => {},
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('retry');
  });
});
