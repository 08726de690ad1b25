import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PostgresOutbox, type SqlClient, type SqlListener } from '../../src/postgres/index.js';

/** A client whose `listen` fails `failures` times, then records its listener; no database. */
function flakyListener(failures: number) {
  const state = { attempts: 0, listener: undefined as SqlListener | undefined, stopped: 0 };
  const client: SqlClient = {
    query: async () => ({ rows: [], rowCount: 0 }),
    transaction: async (work) => work(client),
    listen: async (channel, onNotification) => {
      state.attempts++;
      expect(channel).toBe('ddd_outbox');
      if (state.attempts <= failures) throw new Error('connection refused');
      state.listener = onNotification;
      return async () => {
        state.stopped++;
      };
    },
  };
  return { client, state };
}

describe('PostgresOutbox.watch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tries to listen again every second until it works, then wakes on its schema and on reconnections', async () => {
    const { client, state } = flakyListener(2);
    const woken: number[] = [];
    const unwatch = new PostgresOutbox({ client, schema: 'shop', notify: true }).watch(() => woken.push(Date.now()));
    await vi.advanceTimersByTimeAsync(0);
    expect(state.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.attempts).toBe(3);
    const listener = state.listener as SqlListener;
    listener('other_schema');
    expect(woken).toHaveLength(0);
    listener('shop');
    listener(''); // the adapter listened again after losing its connection
    expect(woken).toHaveLength(2);
    unwatch();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.stopped).toBe(1);
  });

  it('stops retrying once unwatched, and stops a listen that succeeds after that', async () => {
    const { client, state } = flakyListener(1);
    const unwatch = new PostgresOutbox({ client, schema: 'shop', notify: true }).watch(() => expect.unreachable());
    await vi.advanceTimersByTimeAsync(0);
    unwatch();
    await vi.advanceTimersByTimeAsync(5000);
    expect(state.attempts).toBe(1);

    const late = flakyListener(0);
    const stopEarly = new PostgresOutbox({ client: late.client, schema: 'shop', notify: true }).watch(() => undefined);
    stopEarly(); // before listen resolved
    await vi.advanceTimersByTimeAsync(0);
    expect(late.state.attempts).toBe(1);
    expect(late.state.stopped).toBe(1);
  });
});
