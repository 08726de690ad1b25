import { describe, expect, it } from 'vitest';
import { newEventId } from '../core/newEventId.js';
import { ValidationError } from '../core/ValidationError.js';
import type { SnapshotStore, StoredSnapshot } from '../event-sourcing/SnapshotStore.js';
import { rejection } from './rejection.js';

/** The options of {@link snapshotStoreConformance}. */
export interface SnapshotStoreConformanceOptions {
  /** The name of the `describe` block (default `'SnapshotStore conformance'`). */
  readonly name?: string;
  /** Releases a store after each test (closes connections). */
  readonly teardown?: (store: SnapshotStore) => void | Promise<void>;
}

const streamName = (): string => `snapshot-conformance-${newEventId()}`;

const snapshot = (streamId: string, version: number, state: unknown = { n: version }, schemaVersion = 1) => ({
  streamId,
  version,
  schemaVersion,
  state,
});

/**
 * Registers a vitest suite that checks a {@link "tactical-ddd/event-sourcing".SnapshotStore | SnapshotStore}
 * adapter against the contract: a saved snapshot loads back as JSON data, the newest version per
 * stream wins whatever the order of saves (concurrent ones included), and bad input is a
 * {@link "tactical-ddd".ValidationError | ValidationError} naming the field and the rule, leaving
 * the stored snapshot untouched. Each test uses stream ids of its own, so `makeStore` may return
 * stores sharing one table.
 *
 * @param makeStore - Makes a store (called once per test).
 * @param options - A suite name and a teardown.
 *
 * @example
 * ```ts
 * // test/MySnapshotStore.test.ts
 * import { snapshotStoreConformance } from 'tactical-ddd/testing';
 * snapshotStoreConformance(() => new MySnapshotStore({ url: process.env.DATABASE_URL }));
 * ```
 */
export function snapshotStoreConformance(
  makeStore: () => SnapshotStore | Promise<SnapshotStore>,
  options: SnapshotStoreConformanceOptions = {},
): void {
  const withStore = (name: string, body: (store: SnapshotStore) => Promise<void>) =>
    it(name, async () => {
      const store = await makeStore();
      try {
        await body(store);
      } finally {
        await options.teardown?.(store);
      }
    });

  describe(options.name ?? 'SnapshotStore conformance', () => {
    withStore('loads nothing for a stream without a snapshot', async (store) => {
      expect(await store.load(streamName())).toBeUndefined();
    });

    withStore('loads a saved snapshot back as JSON data', async (store) => {
      const stream = streamName();
      const state = { at: new Date(0), owner: 'Zoë "Ada" \\ 😀', lines: [{ sku: 'A', qty: 2 }], note: null };
      await store.save(snapshot(stream, 7, state, 3));
      expect(await store.load(stream)).toEqual({
        streamId: stream,
        version: 7,
        schemaVersion: 3,
        state: { at: '1970-01-01T00:00:00.000Z', owner: 'Zoë "Ada" \\ 😀', lines: [{ sku: 'A', qty: 2 }], note: null },
      });
      const scalar = streamName();
      await store.save(snapshot(scalar, 1, 42));
      expect((await store.load(scalar))?.state).toBe(42);
    });

    withStore('keeps a copy: changing the saved state afterwards changes nothing stored', async (store) => {
      const stream = streamName();
      const state = { items: ['a'] };
      await store.save(snapshot(stream, 1, state));
      state.items.push('b');
      expect((await store.load(stream))?.state).toEqual({ items: ['a'] });
    });

    withStore('keeps the newest version per stream, never going backwards', async (store) => {
      const [a, b] = [streamName(), streamName()];
      await store.save(snapshot(a, 5));
      await store.save(snapshot(b, 2));
      await store.save(snapshot(a, 3));
      expect(await store.load(a)).toMatchObject({ version: 5, state: { n: 5 } });
      await store.save(snapshot(a, 5, { n: 'other' }));
      expect(await store.load(a)).toMatchObject({ version: 5, state: { n: 5 } });
      await store.save(snapshot(a, 6, { n: 6 }, 2));
      expect(await store.load(a)).toEqual(snapshot(a, 6, { n: 6 }, 2));
      expect(await store.load(b)).toEqual(snapshot(b, 2));
    });

    withStore('ends with the newest of concurrent saves, whatever their order', async (store) => {
      const stream = streamName();
      const versions = [7, 3, 12, 1, 9, 12, 4, 11, 2, 10, 5, 8, 6];
      await Promise.all(versions.map((version) => store.save(snapshot(stream, version))));
      expect(await store.load(stream)).toEqual(snapshot(stream, 12));
    });

    const bad: readonly [string, Partial<StoredSnapshot>, string, string][] = [
      ['an empty stream id', { streamId: '' }, 'streamId', 'invalid_stream_id'],
      ['version 0', { version: 0 }, 'version', 'invalid_version'],
      ['a fractional version', { version: 2.5 }, 'version', 'invalid_version'],
      ['a NaN version', { version: Number.NaN }, 'version', 'invalid_version'],
      ['an unsafe version', { version: 2 ** 53 }, 'version', 'invalid_version'],
      ['schema version 0', { schemaVersion: 0 }, 'schemaVersion', 'invalid_schema_version'],
      ['a fractional schema version', { schemaVersion: 1.5 }, 'schemaVersion', 'invalid_schema_version'],
      ['a schema version over 2^31 - 1', { schemaVersion: 2 ** 31 }, 'schemaVersion', 'invalid_schema_version'],
      ['a bigint in the state', { state: { n: 1n } }, 'state', 'not_json'],
      ['an undefined state', { state: undefined }, 'state', 'not_json'],
    ];
    for (const [label, patch, field, rule] of bad) {
      withStore(`rejects ${label} with ValidationError, keeping the stored snapshot`, async (store) => {
        const stream = streamName();
        await store.save(snapshot(stream, 1));
        const error = await rejection(store.save({ ...snapshot(stream, 2), ...patch }));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ field, rule });
        expect(await store.load(stream)).toEqual(snapshot(stream, 1));
      });
    }

    withStore('rejects loading an empty stream id with ValidationError', async (store) => {
      const error = await rejection(store.load(''));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'streamId', rule: 'invalid_stream_id' });
    });
  });
}
