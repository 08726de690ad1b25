import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import type { DomainEvent } from '../../src/index.js';
import { eventStoreConformance } from '../../src/testing/eventStoreConformance.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';

eventStoreConformance(({ registry }) => new InMemoryEventStore({ registry }), { name: 'InMemoryEventStore' });
eventStoreConformance(({ registry }) => new InMemoryEventStore({ registry, compact: true }), {
  name: 'InMemoryEventStore({ compact: true })',
});

const ids = sequentialIds();
const event = (payload: unknown, type = 'Anything'): DomainEvent => ({
  id: ids(),
  type,
  schemaVersion: 1,
  aggregateId: 'a-1',
  aggregateVersion: 1,
  occurredAt: '2026-11-25T09:00:00.000Z',
  payload,
  metadata: {},
});

describe('InMemoryEventStore without a registry', () => {
  it('accepts any well-formed envelope and returns it as JSON carries it, frozen', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('s', [event({ at: '2026-01-01T00:00:00.000Z', gone: undefined, n: [1] })]);
    const [read] = await store.readStream('s');
    expect(read?.payload).toEqual({ at: '2026-01-01T00:00:00.000Z', n: [1] });
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen((read as unknown as { payload: { n: number[] } }).payload.n)).toBe(true);
  });

  it('rejects a payload JSON would lose or mangle, naming the field, and stores nothing', async () => {
    const store = new InMemoryEventStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: readonly (readonly [unknown, RegExp])[] = [
      [{ n: 1n }, /^events\.1\.payload\.n$/],
      [{ list: [1, Number.NaN] }, /^events\.1\.payload\.list\.1$/],
      [{ inf: Number.POSITIVE_INFINITY }, /^events\.1\.payload\.inf$/],
      [{ map: new Map([[1, 2]]) }, /^events\.1\.payload\.map$/],
      [{ f: () => 1 }, /^events\.1\.payload\.f$/],
      [JSON.parse('{"__proto__": {"polluted": true}}'), /^events\.1\.payload\.__proto__$/],
      [cyclic, /^events\.1\.payload(\.self)+$/],
    ];
    for (const [payload, field] of cases) {
      const error = await store.appendToStream('s', [event({ ok: true }), event(payload)]).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ValidationError', rule: 'not_json' });
      expect((error as { field: string }).field).toMatch(field);
    }
    expect(await store.readAll()).toEqual([]);
  });

  it('keeps deep-frozen payloads as they are, and copies anything the caller could still change', async () => {
    const store = new InMemoryEventStore();
    const frozen = Object.freeze({ list: Object.freeze([1, 2]), n: 1 });
    const shallow = Object.freeze({ inner: { n: 1 } });
    await store.appendToStream('s', [event(frozen), event(shallow), event(Object.freeze({ gone: undefined, n: 2 }))]);
    shallow.inner.n = 99;
    const [a, b, c] = await store.readStream('s');
    expect(a?.payload).toBe(frozen);
    expect(b?.payload).toEqual({ inner: { n: 1 } });
    expect(c?.payload).toEqual({ n: 2 });
    expect(Object.isFrozen((b as unknown as { payload: { inner: object } }).payload.inner)).toBe(true);
  });

  it('makes a frozen envelope on each read around the payload it keeps (nothing is copied)', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('s', [event({ a: 1 })]);
    const [first] = await store.readStream('s');
    const [again] = await store.readAll();
    expect(again).toEqual(first);
    expect(Object.isFrozen(again)).toBe(true);
    expect(again?.payload).toBe(first?.payload);
    expect(again?.metadata).toBe(first?.metadata);
  });
});

describe.each([{ compact: false }, { compact: true }])(
  'InMemoryEventStore (compact: $compact) at scale',
  ({ compact }) => {
    it('forgets the ids of a hard-deleted stream and still finds every other id after the index grows', async () => {
      const store = new InMemoryEventStore({ compact });
      const gone = Array.from({ length: 600 }, () => event({ n: 1 }));
      await store.appendToStream('gone', gone);
      await store.deleteStream('gone', { mode: 'hard' });
      // 9,000 more events: several index rebuilds and segments after the delete.
      const kept = Array.from({ length: 9000 }, (_, i) => event({ n: i }));
      for (let i = 0; i < kept.length; i += 1000) await store.appendToStream('kept', kept.slice(i, i + 1000));
      // The forgotten ids are new again; every kept id is still found (a retry is a no-op).
      await expect(store.appendToStream('again', gone)).resolves.toMatchObject({ nextExpectedVersion: 600 });
      await expect(store.appendToStream('kept', kept.slice(4000, 5000))).resolves.toMatchObject({
        nextExpectedVersion: 5000,
        lastGlobalPosition: 5601n,
      });
      const [last] = await store.readStream('kept', { direction: 'backwards', maxCount: 1 });
      expect(last).toMatchObject({ id: kept[8999]?.id, version: 9000, globalPosition: 9601n, payload: { n: 8999 } });
      expect(await store.readAll({ fromPosition: 600n, maxCount: 2 })).toMatchObject([
        { streamId: 'gone', version: 601, type: '$StreamDeleted' },
        { id: kept[0]?.id, globalPosition: 602n },
      ]);
    });

    it('keeps aggregate versions over 2³¹ − 1 as they were appended', async () => {
      const store = new InMemoryEventStore({ compact });
      const big = { ...event({ n: 1 }), aggregateVersion: Number.MAX_SAFE_INTEGER };
      await store.appendToStream('s', [big, { ...event({ n: 2 }), aggregateVersion: 2 ** 31 }]);
      const read = await store.readStream('s');
      expect(read.map((e) => e.aggregateVersion)).toEqual([Number.MAX_SAFE_INTEGER, 2 ** 31]);
    });
  },
);
