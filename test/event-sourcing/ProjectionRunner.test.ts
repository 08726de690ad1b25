import { describe, expect, it } from 'vitest';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import type { EventStore, RecordedEvent } from '../../src/event-sourcing/EventStore.js';
import { InMemoryCheckpointStore } from '../../src/event-sourcing/InMemoryCheckpointStore.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { defineProjection } from '../../src/event-sourcing/Projection.js';
import { ProjectionRunner } from '../../src/event-sourcing/ProjectionRunner.js';
import { type MemoryTransaction, ValidationError } from '../../src/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';
import {
  Account,
  AccountCreated,
  type AccountEvent,
  AccountId,
  MoneyDeposited,
  MoneyWithdrawn,
} from './fixtures/Account.js';

const registry = defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] });

/** Three accounts, 20 deposits each, interleaved: 63 events in the global order. */
async function history() {
  const store = new InMemoryEventStore({ registry });
  const generateId = sequentialIds();
  const accounts = [1, 2, 3].map((n) =>
    Account.create(AccountId.parse(`0192f7c4-7e3a-7b1e-9a57-00000000000${n}`), `owner ${n}`, 0, { generateId }),
  );
  for (let round = 0; round < 21; round++) {
    for (const account of accounts) {
      if (round > 0) account.deposit(round);
      await store.appendToStream(account.id, account.pullEvents(), { expectedVersion: round });
      account.markPersisted(round + 1);
    }
  }
  return store;
}

/** A read model of balances that records every position it sees, and can crash on one. */
function balances(crashAt?: bigint) {
  const seen: bigint[] = [];
  const balance = new Map<string, number>();
  let crashed = false;
  const projection = defineProjection<AccountEvent>({
    name: 'balances',
    handlers: {
      AccountCreated: (e) => {
        seen.push(e.globalPosition ?? -1n);
        balance.set(e.aggregateId, e.payload.initialBalanceCents);
      },
      MoneyDeposited: (e) => {
        if (!crashed && e.globalPosition === crashAt) {
          crashed = true;
          throw new Error(`crash at ${e.globalPosition}`);
        }
        seen.push(e.globalPosition ?? -1n);
        balance.set(e.aggregateId, (balance.get(e.aggregateId) ?? 0) + e.payload.cents);
      },
    },
  });
  return { projection, seen, balance };
}

const total = 3 * 210; // 1 + 2 + … + 20 per account

describe('ProjectionRunner', () => {
  it('catches up over every event from the checkpoint, in global order, in batches', async () => {
    const store = await history();
    const checkpoints = new InMemoryCheckpointStore();
    const { projection, seen, balance } = balances();
    const runner = new ProjectionRunner({ store, projection, checkpoints, batchSize: 10 });
    expect(await runner.catchUp()).toBe(63);
    expect(seen).toEqual(Array.from({ length: 63 }, (_, i) => BigInt(i + 1)));
    expect([...balance.values()].reduce((a, b) => a + b, 0)).toBe(total);
    expect(await checkpoints.load('balances')).toBe(63n);
    expect(await runner.catchUp()).toBe(0);
  });

  it('resumes after a handler crash without gaps: the failed event is delivered again', async () => {
    const store = await history();
    const checkpoints = new InMemoryCheckpointStore();
    const model = balances(37n);
    await expect(
      new ProjectionRunner({ store, projection: model.projection, checkpoints, batchSize: 10 }).catchUp(),
    ).rejects.toThrow('crash at 37');
    expect(await checkpoints.load('balances')).toBe(36n);
    expect(model.seen.at(-1)).toBe(36n);
    // A new process: same checkpoint store, same read model.
    await new ProjectionRunner({ store, projection: model.projection, checkpoints, batchSize: 10 }).catchUp();
    expect(model.seen).toEqual(Array.from({ length: 63 }, (_, i) => BigInt(i + 1)));
    expect([...model.balance.values()].reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('delivers at least once when the process dies before saving its checkpoint', async () => {
    const store = await history();
    const checkpoints = new InMemoryCheckpointStore();
    let failSaves = true;
    const flaky = {
      load: (name: string) => checkpoints.load(name),
      save: async (name: string, position: bigint) => {
        if (failSaves && position > 20n) throw new Error('process killed');
        await checkpoints.save(name, position);
      },
    };
    const model = balances();
    await expect(
      new ProjectionRunner({ store, projection: model.projection, checkpoints: flaky, batchSize: 20 }).catchUp(),
    ).rejects.toThrow('process killed');
    expect(await checkpoints.load('balances')).toBe(20n);
    failSaves = false;
    await new ProjectionRunner({ store, projection: model.projection, checkpoints: flaky, batchSize: 20 }).catchUp();
    const positions = new Set(model.seen);
    expect(positions.size).toBe(63);
    expect(model.seen.length).toBe(63 + 20); // the batch 21..40 was delivered twice
  });

  it('follows new events with run() until aborted', async () => {
    const store = await history();
    const checkpoints = new InMemoryCheckpointStore();
    const model = balances();
    const controller = new AbortController();
    const runner = new ProjectionRunner({ store, projection: model.projection, checkpoints });
    const running = runner.run({ signal: controller.signal, pollIntervalMs: 5 });
    const late = Account.create(AccountId.parse('0192f7c4-7e3a-7b1e-9a57-000000000009'), 'late', 42);
    await store.appendToStream(late.id, late.pullEvents(), { expectedVersion: 'no_stream' });
    await expect.poll(() => model.seen.length, { timeout: 2000 }).toBe(64);
    controller.abort();
    await running;
    expect(model.balance.get(late.id)).toBe(42);
    expect(await checkpoints.load('balances')).toBe(64n);
  });

  it('keeps each stream in order when the global order shows a later version first', async () => {
    const inner = await history();
    // A store whose global order puts stream A's v2 before its v1 (as ordering by transaction id can).
    const all = await inner.readAll();
    const a1 = all[0] as RecordedEvent;
    const swapped = [all[3] as RecordedEvent, ...all.slice(1, 3), a1, ...all.slice(4)].map((e, i) => ({
      ...e,
      globalPosition: BigInt(i + 1),
    }));
    const store: EventStore = {
      appendToStream: (...args) => inner.appendToStream(...args),
      readStream: (...args) => inner.readStream(...args),
      getStreamMetadata: (...args) => inner.getStreamMetadata(...args),
      readAll: async ({ fromPosition = 0n, maxCount = Number.POSITIVE_INFINITY } = {}) =>
        swapped.filter((e) => e.globalPosition > fromPosition).slice(0, maxCount),
    };
    expect([swapped[0]?.streamId, swapped[0]?.version]).toEqual([a1.streamId, 2]);
    const applied: string[] = [];
    const projection = defineProjection<AccountEvent>({
      name: 'order',
      handlers: {
        AccountCreated: (e) => {
          applied.push(`${e.streamId}@${e.version}`);
        },
        MoneyDeposited: (e) => {
          applied.push(`${e.streamId}@${e.version}`);
        },
      },
    });
    await new ProjectionRunner({
      store,
      projection,
      checkpoints: new InMemoryCheckpointStore(),
      batchSize: 7,
    }).catchUp();
    expect(applied).toHaveLength(63);
    expect(new Set(applied).size).toBe(63);
    for (const streamId of new Set(all.map((e) => e.streamId))) {
      const versions = applied.filter((x) => x.startsWith(`${streamId}@`)).map((x) => Number(x.split('@')[1]));
      expect(versions).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    }
  });

  it('rejects a projection without a name or with a handler that is not a function', () => {
    expect(() => defineProjection({ name: '', handlers: {} })).toThrow(ValidationError);
    expect(() => defineProjection<AccountEvent>({ name: 'p', handlers: { MoneyDeposited: 'nope' as never } })).toThrow(
      expect.objectContaining({ field: 'handlers.MoneyDeposited', rule: 'invalid_handler' }),
    );
  });

  it('gives each event a transaction: staged writes apply with the event, not when its handler throws', async () => {
    const store = await history();
    const applied: number[] = [];
    let failOnce = true;
    const projection = defineProjection<AccountEvent, MemoryTransaction>({
      name: 'staged',
      handlers: {
        MoneyDeposited: (e, tx) => {
          tx.stage({ apply: () => void applied.push(e.payload.cents) });
          if (e.payload.cents === 2 && failOnce) {
            failOnce = false;
            throw new Error('crash after staging');
          }
        },
      },
    });
    const checkpoints = new InMemoryCheckpointStore();
    const runner = () => new ProjectionRunner({ store, projection, checkpoints });
    await expect(runner().catchUp()).rejects.toThrow('crash after staging');
    // The failing event's staged write was dropped; the next run applies it once.
    expect(applied).toEqual([1, 1, 1]);
    await runner().catchUp();
    expect(applied.filter((cents) => cents === 2)).toEqual([2, 2, 2]);
    expect(applied).toHaveLength(60);
  });
});
