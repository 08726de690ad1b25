import { describe, expect, it } from 'vitest';
import { InMemoryInbox, InMemoryOutbox, inMemoryStore, ValidationError } from '../../src/index.js';
import { shipped } from '../support/brokers.js';
import { caught } from '../support/caught.js';
import { inboxSuite } from './inboxSuite.js';

describe('InMemoryInbox', () => {
  it('runs a handler once per consumer and message id', async () => {
    const inbox = new InMemoryInbox();
    let runs = 0;
    const handler = async () => {
      runs++;
    };
    expect(await inbox.handleOnce('billing', 'm1', handler)).toBe(true);
    expect(await inbox.handleOnce('billing', 'm1', handler)).toBe(false);
    expect(await inbox.handleOnce('shipping', 'm1', handler)).toBe(true);
    expect(runs).toBe(2);
    expect(inbox.has('billing', 'm1')).toBe(true);
    expect(inbox.has('billing', 'm2')).toBe(false);
  });

  it('records nothing when the handler throws, so the message can be handled again', async () => {
    const inbox = new InMemoryInbox();
    const error = await caught(() =>
      inbox.handleOnce('billing', 'm1', async () => {
        throw new Error('boom');
      }),
    );
    expect((error as Error).message).toBe('boom');
    expect(inbox.has('billing', 'm1')).toBe(false);
    expect(await inbox.handleOnce('billing', 'm1', async () => undefined)).toBe(true);
  });

  it('commits the handler writes with the inbox row: a store session within tx rolls back with it', async () => {
    const inbox = new InMemoryInbox();
    const outbox = new InMemoryOutbox();
    const store = inMemoryStore({ aggregates: {}, outbox });
    const error = await caught(() =>
      inbox.handleOnce('billing', 'm1', async (tx) => {
        await store.transaction((s) => s.publish(shipped('a')), { within: tx });
        throw new Error('after the write');
      }),
    );
    expect((error as Error).message).toBe('after the write');
    expect(outbox.messages).toHaveLength(0);
    expect(inbox.has('billing', 'm1')).toBe(false);
    const b = shipped('b');
    await inbox.handleOnce('billing', 'm1', (tx) => store.transaction((s) => s.publish(b), { within: tx }));
    expect(outbox.messages.map((message) => message.id)).toEqual([b.id]);
    expect(inbox.has('billing', 'm1')).toBe(true);
  });

  it('makes a concurrent duplicate wait for the first delivery and drops it', async () => {
    const inbox = new InMemoryInbox();
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const results = await Promise.all([1, 2, 3].map(() => inbox.handleOnce('billing', 'm1', slow)));
    expect(results.sort()).toEqual([false, false, true]);
    expect(runs).toBe(1);
  });

  it('rejects an empty consumer or message id with a ValidationError naming the field', async () => {
    const inbox = new InMemoryInbox();
    const error = await caught(() => inbox.handleOnce('', 'm1', async () => undefined));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('consumer');
    expect(((await caught(() => inbox.handleOnce('c', '', async () => undefined))) as ValidationError).field).toBe(
      'messageId',
    );
  });
});

inboxSuite('InMemoryInbox', async () => {
  const inbox = new InMemoryInbox();
  const outbox = new InMemoryOutbox();
  const store = inMemoryStore({ outbox, aggregates: {} });
  return {
    inbox,
    write: (tx, value) => store.transaction((s) => s.publish(shipped(value)), { within: tx }),
    written: async () =>
      outbox.messages.map((m) => (m.kind === 'event' ? (m.event.payload as { sku: string }).sku : m.command.type)),
  };
});
