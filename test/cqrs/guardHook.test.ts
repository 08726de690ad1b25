import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guardHook } from '../../src/cqrs/guardHook.js';
import { OutboxRelay, type RelayFailure } from '../../src/cqrs/index.js';
import type { DomainEvent, Outbox, OutboxMessage, PublishPendingResult } from '../../src/index.js';

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(condition()).toBe(true);
};

/** Collects the unhandled rejections of the test (vitest would only report them after the run). */
function unhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => void seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', listener);
  });
  afterEach(() => {
    process.off('unhandledRejection', listener);
  });
  return seen;
}

describe('guardHook', () => {
  const rejections = unhandledRejections();

  it('passes the argument through and reports a throw or a rejection to console.error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const seen: number[] = [];
      guardHook('Owner', (n: number) => void seen.push(n))(1);
      guardHook('Owner', () => {
        throw new Error('sync');
      })(2);
      guardHook('Owner', async () => {
        throw new Error('async');
      })(3);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(seen).toEqual([1]);
      expect(error.mock.calls.map((call) => [call[0], (call[1] as Error).message])).toEqual([
        ['Owner: the onError hook threw', 'sync'],
        ['Owner: the onError hook threw', 'async'],
      ]);
      expect(rejections).toEqual([]);
    } finally {
      error.mockRestore();
    }
  });
});

describe('OutboxRelay with a throwing onError hook', () => {
  const rejections = unhandledRejections();

  it('keeps relaying: a failing read and a failing publish reach the hook, the relay survives it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = { id: 'e-1', type: 'Happened' } as DomainEvent;
    const message = { id: 'm-1', kind: 'event', event } as unknown as OutboxMessage;
    let calls = 0;
    let pending = true;
    const outbox: Pick<Outbox, 'publishPending'> = {
      async publishPending(publish): Promise<PublishPendingResult> {
        calls++;
        if (calls === 1) throw new Error('outbox down');
        if (!pending) return { published: 0 };
        try {
          await publish(message);
        } catch (failure) {
          return { published: 0, failure: { message, error: failure } };
        }
        pending = false;
        return { published: 1 };
      },
    };
    let publishes = 0;
    const failures: RelayFailure[] = [];
    const relay = new OutboxRelay({
      outbox: outbox as Outbox,
      publisher: {
        async publish() {
          publishes++;
          if (publishes === 1) throw new Error('broker down');
        },
      },
      pollIntervalMs: 1,
      onError: (failure) => {
        failures.push(failure);
        throw new Error('the hook itself fails');
      },
    });
    try {
      relay.start();
      await waitFor(() => !pending);
      await relay.stop();
      expect(failures.map((f) => (f.error as Error).message)).toEqual(['outbox down', 'broker down']);
      expect(publishes).toBe(2);
      expect(rejections).toEqual([]);
      expect(error).toHaveBeenCalledWith('OutboxRelay: the onError hook threw', expect.any(Error));
    } finally {
      await relay.stop();
      error.mockRestore();
    }
  });
});
