import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConcurrencyError } from '../core/ConcurrencyError.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import { defineEvent } from '../core/defineEvent.js';
import { newEventId } from '../core/newEventId.js';
import { ValidationError } from '../core/ValidationError.js';
import { DuplicateEventError } from '../event-sourcing/DuplicateEventError.js';
import { defineUpcaster } from '../event-sourcing/defineUpcaster.js';
import { defineEventRegistry, type EventRegistry } from '../event-sourcing/EventRegistry.js';
import type { EventStore, ExpectedVersion, RecordedEvent } from '../event-sourcing/EventStore.js';
import { StreamDeletedError } from '../event-sourcing/StreamDeletedError.js';
import { isStreamDeleted } from '../event-sourcing/streamTombstone.js';
import { type AbortSignalLike, subscribeToAll } from '../event-sourcing/subscribeToAll.js';
import { rejection } from './rejection.js';

/** What the conformance suite hands to the store factory. */
export interface EventStoreConformanceContext {
  /** The suite's event types: give it to the store, which must validate and upcast with it. */
  readonly registry: EventRegistry;
}

/** The options of {@link eventStoreConformance}. */
export interface EventStoreConformanceOptions {
  /** The name of the `describe` block (default `'EventStore conformance'`). */
  readonly name?: string;
  /** Releases a store after each test (closes connections, drops schemas). */
  readonly teardown?: (store: EventStore) => void | Promise<void>;
  /** Concurrent appenders in the race tests (default 20). */
  readonly concurrency?: number;
}

const defineSuiteEvents = () => {
  const Opened = defineEvent('ConformanceOpened', z.object({ name: z.string().min(1) }));
  const NotedV1 = defineEvent('ConformanceNoted', z.object({ text: z.string() }));
  const Noted = defineEvent('ConformanceNoted', z.object({ text: z.string(), tags: z.array(z.string()) }), {
    schemaVersion: 2,
  });
  const registry = defineEventRegistry({
    current: [Opened, Noted],
    legacy: [NotedV1],
    upcasters: [defineUpcaster(NotedV1, Noted, (old) => ({ text: old.text, tags: [] }))],
  });
  return { registry };
};

const noted = (stream: string, version: number, text = `note ${version}`, schemaVersion = 2): DomainEvent => ({
  id: newEventId(),
  type: 'ConformanceNoted',
  schemaVersion,
  aggregateId: stream,
  aggregateVersion: version,
  occurredAt: '2026-11-25T09:00:00.000Z',
  payload: schemaVersion === 2 ? { text, tags: ['t'] } : { text },
  metadata: { correlationId: 'conformance' },
});

const batch = (stream: string, count: number, first = 1): DomainEvent[] =>
  Array.from({ length: count }, (_, i) => noted(stream, first + i));

const streamName = (): string => `conformance-${newEventId()}`;

/** The envelope part of a recorded event, for comparison with what was appended. */
const envelopeOf = (e: DomainEvent) => ({
  id: e.id,
  type: e.type,
  schemaVersion: e.schemaVersion,
  aggregateId: e.aggregateId,
  aggregateVersion: e.aggregateVersion,
  occurredAt: e.occurredAt,
  payload: e.payload,
  metadata: e.metadata,
});

/**
 * Registers a vitest suite that checks an {@link EventStore} adapter against the whole contract:
 * the expected-version matrix, atomic appends, idempotency by event id, stream and global reads,
 * stream metadata, schema validation and upcasting on read, concurrent appends and bad input.
 * Call it at the top level of a test file; `makeStore` is called once per test and must return an
 * empty store that uses the given registry.
 *
 * @param makeStore - Makes a fresh, empty store that validates with `context.registry`.
 * @param options - A suite name, a teardown and the number of concurrent appenders.
 *
 * @example
 * ```ts
 * // test/MyEventStore.test.ts
 * import { eventStoreConformance } from 'tactical-ddd/testing';
 * eventStoreConformance(({ registry }) => new MyEventStore({ registry, url: process.env.DATABASE_URL }));
 * ```
 */
export function eventStoreConformance(
  makeStore: (context: EventStoreConformanceContext) => EventStore | Promise<EventStore>,
  options: EventStoreConformanceOptions = {},
): void {
  const { registry } = defineSuiteEvents();
  const concurrency = options.concurrency ?? 20;
  const withStore = (name: string, body: (store: EventStore) => Promise<void>, timeout?: number) =>
    it(
      name,
      async () => {
        const store = await makeStore({ registry });
        try {
          await body(store);
        } finally {
          await options.teardown?.(store);
        }
      },
      timeout,
    );

  describe(options.name ?? 'EventStore conformance', () => {
    describe('appending and reading a stream', () => {
      withStore('stores events with 1-based versions and increasing bigint global positions', async (store) => {
        const stream = streamName();
        const events = batch(stream, 3);
        const result = await store.appendToStream(stream, events, { expectedVersion: 'no_stream' });
        const read = await store.readStream(stream);
        expect(result.nextExpectedVersion).toBe(3);
        expect(typeof result.lastGlobalPosition).toBe('bigint');
        expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(read.every((e) => e.streamId === stream && typeof e.globalPosition === 'bigint')).toBe(true);
        expect(read[0]?.globalPosition).toBeGreaterThan(0n);
        expect(read[1]?.globalPosition).toBeGreaterThan(read[0]?.globalPosition as bigint);
        expect(read[2]?.globalPosition).toBe(result.lastGlobalPosition);
        expect(read.map(envelopeOf)).toEqual(events.map(envelopeOf));
      });

      withStore('continues a stream from its current version', async (store) => {
        const stream = streamName();
        await store.appendToStream(stream, batch(stream, 2), { expectedVersion: 0 });
        const result = await store.appendToStream(stream, batch(stream, 2, 3), { expectedVersion: 2 });
        expect(result.nextExpectedVersion).toBe(4);
        expect((await store.readStream(stream)).map((e) => e.version)).toEqual([1, 2, 3, 4]);
        expect(await store.getStreamMetadata(stream)).toEqual({ streamId: stream, version: 4, exists: true });
      });

      withStore('reads a missing stream as empty, with version 0', async (store) => {
        const stream = streamName();
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.getStreamMetadata(stream)).toEqual({ streamId: stream, version: 0, exists: false });
      });

      withStore('reads from a version, a number of events, and backwards', async (store) => {
        const stream = streamName();
        await store.appendToStream(stream, batch(stream, 5));
        const versions = async (o: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, o)).map((e) => e.version);
        expect(await versions({ fromVersion: 3 })).toEqual([3, 4, 5]);
        expect(await versions({ fromVersion: 2, maxCount: 2 })).toEqual([2, 3]);
        expect(await versions({ fromVersion: 9 })).toEqual([]);
        expect(await versions({ maxCount: 0 })).toEqual([]);
        expect(await versions({ direction: 'backwards' })).toEqual([5, 4, 3, 2, 1]);
        expect(await versions({ direction: 'backwards', fromVersion: 3, maxCount: 2 })).toEqual([3, 2]);
        expect(await versions({ direction: 'backwards', fromVersion: 9, maxCount: 1 })).toEqual([5]);
      });

      withStore('an empty append checks the expected version and changes nothing', async (store) => {
        const stream = streamName();
        expect(await store.appendToStream(stream, [], { expectedVersion: 'no_stream' })).toEqual({
          nextExpectedVersion: 0,
          lastGlobalPosition: 0n,
        });
        const { lastGlobalPosition } = await store.appendToStream(stream, batch(stream, 2));
        expect(await store.appendToStream(stream, [], { expectedVersion: 2 })).toEqual({
          nextExpectedVersion: 2,
          lastGlobalPosition,
        });
        expect(await rejection(store.appendToStream(stream, [], { expectedVersion: 1 }))).toBeInstanceOf(
          ConcurrencyError,
        );
        expect(await store.readAll()).toHaveLength(2);
      });
    });

    describe('expected version', () => {
      const cases: readonly (readonly [ExpectedVersion, 'missing' | 'existing', number | 'conflict'])[] = [
        ['any', 'missing', 1],
        ['any', 'existing', 3],
        ['no_stream', 'missing', 1],
        ['no_stream', 'existing', 'conflict'],
        [0, 'missing', 1],
        [0, 'existing', 'conflict'],
        ['stream_exists', 'missing', 'conflict'],
        ['stream_exists', 'existing', 3],
        [2, 'existing', 3],
        [1, 'existing', 'conflict'],
        [3, 'existing', 'conflict'],
        [1, 'missing', 'conflict'],
      ];
      for (const [expected, state, outcome] of cases) {
        withStore(
          `${JSON.stringify(expected)} on a ${state} stream ${outcome === 'conflict' ? 'conflicts' : 'appends'}`,
          async (store) => {
            const stream = streamName();
            const before = state === 'existing' ? 2 : 0;
            if (before > 0) await store.appendToStream(stream, batch(stream, 2));
            const append = store.appendToStream(stream, [noted(stream, before + 1)], { expectedVersion: expected });
            if (outcome === 'conflict') {
              const error = await rejection(append);
              expect(error).toBeInstanceOf(ConcurrencyError);
              expect(error).toMatchObject({ streamId: stream, expected, actual: before, code: 'core.concurrency' });
              expect((await store.getStreamMetadata(stream)).version).toBe(before);
              expect(await store.readStream(stream)).toHaveLength(before);
            } else {
              expect((await append).nextExpectedVersion).toBe(outcome);
            }
          },
        );
      }
    });

    describe('global order', () => {
      withStore('readAll returns every stream in commit order, strictly after fromPosition', async (store) => {
        const [a, b, c] = [streamName(), streamName(), streamName()];
        await store.appendToStream(a, batch(a, 2));
        await store.appendToStream(b, batch(b, 1));
        await store.appendToStream(a, batch(a, 1, 3));
        await store.appendToStream(c, batch(c, 2));
        const all = await store.readAll();
        expect(all.map((e) => `${e.streamId === a ? 'a' : e.streamId === b ? 'b' : 'c'}${e.version}`)).toEqual([
          'a1',
          'a2',
          'b1',
          'a3',
          'c1',
          'c2',
        ]);
        for (let i = 1; i < all.length; i++) {
          expect(all[i]?.globalPosition).toBeGreaterThan(all[i - 1]?.globalPosition as bigint);
        }
        const third = all[2] as RecordedEvent;
        expect((await store.readAll({ fromPosition: third.globalPosition })).map((e) => e.id)).toEqual(
          all.slice(3).map((e) => e.id),
        );
        expect(await store.readAll({ fromPosition: (all[5] as RecordedEvent).globalPosition })).toEqual([]);
        expect((await store.readAll({ maxCount: 2 })).map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));
      });

      withStore('paging with the last position as checkpoint sees every event exactly once', async (store) => {
        const streams = Array.from({ length: 5 }, streamName);
        for (let round = 0; round < 4; round++) {
          for (const stream of streams) await store.appendToStream(stream, batch(stream, 2, round * 2 + 1));
        }
        const seen: string[] = [];
        let checkpoint = 0n;
        for (;;) {
          const page = await store.readAll({ fromPosition: checkpoint, maxCount: 7 });
          if (page.length === 0) break;
          seen.push(...page.map((e) => e.id));
          checkpoint = (page[page.length - 1] as RecordedEvent).globalPosition;
        }
        expect(seen).toHaveLength(40);
        expect(new Set(seen).size).toBe(40);
      });

      withStore('a subscription delivers events committed after it started, in order', async (store) => {
        const stream = streamName();
        await store.appendToStream(stream, batch(stream, 2));
        const controller = new (globalThis as unknown as { AbortController: AbortControllerClass }).AbortController();
        const seen: number[] = [];
        const following = (async () => {
          for await (const page of subscribeToAll(store, { pollIntervalMs: 5, signal: controller.signal })) {
            seen.push(...page.map((e) => e.version));
            if (seen.length >= 5) controller.abort();
          }
        })();
        await store.appendToStream(stream, batch(stream, 3, 3), { expectedVersion: 2 });
        await following;
        expect(seen).toEqual([1, 2, 3, 4, 5]);
      });
    });

    describe('idempotency by event id', () => {
      withStore(
        're-appending the same events with the same expected version returns the same result',
        async (store) => {
          const stream = streamName();
          const events = batch(stream, 3);
          const first = await store.appendToStream(stream, events, { expectedVersion: 'no_stream' });
          const again = await store.appendToStream(stream, events, { expectedVersion: 'no_stream' });
          expect(again).toEqual(first);
          expect(await store.readStream(stream)).toHaveLength(3);
          expect(await store.readAll()).toHaveLength(3);
        },
      );

      withStore('a retry after later appends, or with "any", is still a no-op', async (store) => {
        const stream = streamName();
        const events = batch(stream, 2);
        const first = await store.appendToStream(stream, events, { expectedVersion: 0 });
        await store.appendToStream(stream, batch(stream, 1, 3), { expectedVersion: 2 });
        expect(await store.appendToStream(stream, events, { expectedVersion: 0 })).toEqual(first);
        expect(await store.appendToStream(stream, events)).toEqual(first);
        expect((await store.getStreamMetadata(stream)).version).toBe(3);
      });

      withStore('a retry is a no-op only with the expected version of the first write, or "any"', async (store) => {
        const stream = streamName();
        const events = batch(stream, 6);
        const results = [];
        for (const [i, event] of events.entries()) {
          results.push(await store.appendToStream(stream, [event], { expectedVersion: i === 0 ? 'no_stream' : i }));
        }
        const [first, , third] = events as [DomainEvent, DomainEvent, DomainEvent];
        for (const expectedVersion of ['no_stream', 0, 'any'] as const) {
          expect(await store.appendToStream(stream, [first], { expectedVersion })).toEqual(results[0]);
        }
        for (const expectedVersion of [2, 'stream_exists', 'any'] as const) {
          expect(await store.appendToStream(stream, [third], { expectedVersion })).toEqual(results[2]);
        }
        const wrong: readonly (readonly [DomainEvent, ExpectedVersion])[] = [
          [first, 5],
          [first, 7],
          [first, 6],
          [first, 'stream_exists'],
          [third, 1],
          [third, 'no_stream'],
        ];
        for (const [event, expectedVersion] of wrong) {
          const error = await rejection(store.appendToStream(stream, [event], { expectedVersion }));
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ streamId: stream, expected: expectedVersion, actual: 6 });
        }
        expect((await store.getStreamMetadata(stream)).version).toBe(6);
        expect(await store.readAll()).toHaveLength(6);
      });

      withStore('a batch that partly overlaps stored events is rejected and writes nothing', async (store) => {
        const stream = streamName();
        const events = batch(stream, 2);
        await store.appendToStream(stream, events);
        const error = await rejection(store.appendToStream(stream, [events[1] as DomainEvent, noted(stream, 3)]));
        expect(error).toBeInstanceOf(DuplicateEventError);
        expect(error).toMatchObject({ reason: 'partial_overlap', streamId: stream });
        expect((await store.getStreamMetadata(stream)).version).toBe(2);
      });

      withStore('a stored id with other content is rejected', async (store) => {
        const stream = streamName();
        const [event] = batch(stream, 1) as [DomainEvent];
        await store.appendToStream(stream, [event]);
        const changed = { ...event, payload: { text: 'changed', tags: [] } };
        const error = await rejection(store.appendToStream(stream, [changed]));
        expect(error).toMatchObject({ code: 'event_sourcing.duplicate_event', reason: 'content_mismatch' });
        expect((await store.readStream(stream))[0]?.payload).toEqual(event.payload);
      });

      withStore('a stored id appended to another stream is rejected', async (store) => {
        const [a, b] = [streamName(), streamName()];
        const events = batch(a, 1);
        await store.appendToStream(a, events);
        const error = await rejection(store.appendToStream(b, events));
        expect(error).toMatchObject({ code: 'event_sourcing.duplicate_event', reason: 'other_position', streamId: b });
        expect(await store.readStream(b)).toEqual([]);
      });
    });

    describe('validation and atomicity', () => {
      const invalid: readonly (readonly [string, (stream: string) => unknown, string, string])[] = [
        ['an event without id', (s) => ({ ...noted(s, 2), id: undefined }), 'events.1.id', 'invalid_event_id'],
        ['an event with a non-uuid id', (s) => ({ ...noted(s, 2), id: 'evt-1' }), 'events.1.id', 'invalid_event_id'],
        ['an unregistered type', (s) => ({ ...noted(s, 2), type: 'Nope' }), 'events.1.type', 'unknown_event_type'],
        [
          'a payload that breaks its schema',
          (s) => ({ ...noted(s, 2), payload: { text: 3 } }),
          'events.1.payload.text',
          'invalid_type',
        ],
        ['a null event', () => null, 'events.1', 'invalid_type'],
        [
          'a bigint payload',
          (s) => ({ ...noted(s, 2), payload: { text: 1n, tags: [] } }),
          'events.1.payload.text',
          'invalid_type',
        ],
        [
          'a type holding U+0000',
          (s) => ({ ...noted(s, 2), type: 'Conformance\u0000Noted' }),
          'events.1.type',
          'unsupported_character',
        ],
        [
          'an aggregate id with a lone surrogate',
          (s) => ({ ...noted(s, 2), aggregateId: `${s}\uD800` }),
          'events.1.aggregateId',
          'unsupported_character',
        ],
        [
          'a schema version beyond 32 bits',
          (s) => ({ ...noted(s, 2), schemaVersion: 2 ** 31 }),
          'events.1.schemaVersion',
          'invalid_schema_version',
        ],
        [
          'a payload string holding U+0000',
          (s) => ({ ...noted(s, 2), payload: { text: 'a\u0000b', tags: [] } }),
          'events.1.payload.text',
          'unsupported_character',
        ],
        [
          'a payload string with a lone surrogate',
          (s) => ({ ...noted(s, 2), payload: { text: 'ok', tags: ['\uDC00'] } }),
          'events.1.payload.tags.0',
          'unsupported_character',
        ],
        [
          'a metadata value with a lone surrogate',
          (s) => ({ ...noted(s, 2), metadata: { correlationId: 'x\uD83D' } }),
          'events.1.metadata.correlationId',
          'unsupported_character',
        ],
      ];
      for (const [label, make, field, rule] of invalid) {
        withStore(`a batch with ${label} is rejected whole (${field}, ${rule})`, async (store) => {
          const stream = streamName();
          const error = await rejection(store.appendToStream(stream, [noted(stream, 1), make(stream) as DomainEvent]));
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ field, rule });
          expect(await store.readStream(stream)).toEqual([]);
          expect(await store.readAll()).toEqual([]);
          expect((await store.getStreamMetadata(stream)).version).toBe(0);
        });
      }

      withStore('a batch that repeats an event id is rejected whole', async (store) => {
        const stream = streamName();
        const event = noted(stream, 1);
        const error = await rejection(store.appendToStream(stream, [event, { ...event, aggregateVersion: 2 }]));
        expect(error).toMatchObject({ field: 'events.1.id', rule: 'duplicate_event_id' });
        expect(await store.readAll()).toEqual([]);
      });

      const badCalls: readonly (readonly [string, (store: EventStore) => Promise<unknown>, string, string])[] = [
        ['an empty stream id', (s) => s.appendToStream('', []), 'streamId', 'invalid_stream_id'],
        [
          'a negative expected version',
          (s) => s.appendToStream('x', [], { expectedVersion: -1 }),
          'expectedVersion',
          'invalid_expected_version',
        ],
        [
          'a fractional expected version',
          (s) => s.appendToStream('x', [], { expectedVersion: 1.5 }),
          'expectedVersion',
          'invalid_expected_version',
        ],
        [
          'an unknown expected version',
          (s) => s.appendToStream('x', [], { expectedVersion: 'latest' as 'any' }),
          'expectedVersion',
          'invalid_expected_version',
        ],
        ['events that are not an array', (s) => s.appendToStream('x', {} as DomainEvent[]), 'events', 'invalid_type'],
        ['readStream of an empty id', (s) => s.readStream(''), 'streamId', 'invalid_stream_id'],
        [
          'readStream from version 0',
          (s) => s.readStream('x', { fromVersion: 0 }),
          'fromVersion',
          'invalid_from_version',
        ],
        [
          'readStream with a negative maxCount',
          (s) => s.readStream('x', { maxCount: -1 }),
          'maxCount',
          'invalid_max_count',
        ],
        [
          'readStream sideways',
          (s) => s.readStream('x', { direction: 'sideways' as 'forwards' }),
          'direction',
          'invalid_direction',
        ],
        [
          'readAll from a negative position',
          (s) => s.readAll({ fromPosition: -1n }),
          'fromPosition',
          'invalid_position',
        ],
        [
          'readAll from a number position',
          (s) => s.readAll({ fromPosition: 3 as unknown as bigint }),
          'fromPosition',
          'invalid_position',
        ],
        ['getStreamMetadata of an empty id', (s) => s.getStreamMetadata(''), 'streamId', 'invalid_stream_id'],
        [
          'a stream id with a lone surrogate',
          (s) => s.appendToStream('s-\uD800', batch('s', 1)),
          'streamId',
          'unsupported_character',
        ],
        [
          'a stream id holding U+0000',
          (s) => s.appendToStream('s-\u0000', batch('s', 1)),
          'streamId',
          'unsupported_character',
        ],
        ['readStream of a lone surrogate id', (s) => s.readStream('s-\uDFFF'), 'streamId', 'unsupported_character'],
        [
          'a stream id of 513 characters',
          (s) => s.appendToStream('s'.repeat(513), batch('s', 1)),
          'streamId',
          'too_long',
        ],
        ['getStreamMetadata of an id too long', (s) => s.getStreamMetadata('€'.repeat(513)), 'streamId', 'too_long'],
        ['readAll from 2^128', (s) => s.readAll({ fromPosition: 1n << 128n }), 'fromPosition', 'invalid_position'],
      ];
      for (const [label, call, field, rule] of badCalls) {
        withStore(`rejects ${label} (${field}, ${rule})`, async (store) => {
          const error = await rejection(call(store));
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ field, rule });
          expect(await store.readAll()).toEqual([]);
        });
      }

      withStore('keeps stream ids of up to 512 characters, astral ones included, apart and whole', async (store) => {
        const ids = ['€'.repeat(512), '😀'.repeat(256), `${'😀'.repeat(255)}\uFFFF\uFFFF`, 'x'.repeat(512)];
        for (const id of ids) await store.appendToStream(id, batch(id, 1), { expectedVersion: 'no_stream' });
        for (const id of ids) {
          const read = await store.readStream(id);
          expect(read.map((event) => event.streamId)).toEqual([id]);
          expect((await store.getStreamMetadata(id)).version).toBe(1);
        }
        const last = (await store.readAll()).at(-1)?.globalPosition as bigint;
        expect(await store.readAll({ fromPosition: (1n << 128n) - 1n })).toEqual([]);
        expect(last).toBeGreaterThan(0n);
      });

      withStore('stored events do not change when the caller mutates what it appended', async (store) => {
        const stream = streamName();
        const event = noted(stream, 1) as DomainEvent & { payload: { text: string; tags: string[] } };
        await store.appendToStream(stream, [event]);
        event.payload.text = 'mutated';
        event.payload.tags.push('x');
        const [read] = await store.readStream(stream);
        expect(read?.payload).toEqual({ text: 'note 1', tags: ['t'] });
        try {
          (read?.payload as { text: string }).text = 'mutated';
        } catch {
          // frozen: fine
        }
        expect((await store.readStream(stream))[0]?.payload).toEqual({ text: 'note 1', tags: ['t'] });
      });
    });

    describe('schema versions', () => {
      withStore('upcasts stored events of an older schema version on read', async (store) => {
        const stream = streamName();
        await store.appendToStream(stream, [noted(stream, 1, 'old', 1), noted(stream, 2, 'new', 2)]);
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.schemaVersion, e.payload])).toEqual([
          [2, { text: 'old', tags: [] }],
          [2, { text: 'new', tags: ['t'] }],
        ]);
        expect((await store.readAll()).map((e) => e.schemaVersion)).toEqual([2, 2]);
      });
    });

    describe('stream deletion (stores with deleteStream)', () => {
      const deleting = (
        name: string,
        body: (store: EventStore & Required<Pick<EventStore, 'deleteStream'>>) => Promise<void>,
      ) =>
        withStore(name, async (store) => {
          if (typeof store.deleteStream !== 'function') return; // an optional part of the contract
          await body(store as EventStore & Required<Pick<EventStore, 'deleteStream'>>);
        });

      deleting('a soft delete appends a tombstone; the stream then refuses appends and reads', async (store) => {
        const stream = streamName();
        const other = streamName();
        await store.appendToStream(stream, batch(stream, 3), { expectedVersion: 'no_stream' });
        await store.appendToStream(other, batch(other, 1));
        expect(await store.deleteStream(stream, { expectedVersion: 3 })).toEqual({ version: 4, deleted: 'soft' });
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamDeletedError);
        for (const expectedVersion of ['any', 4, 'stream_exists', 'no_stream'] as const) {
          const failure = await rejection(store.appendToStream(stream, [noted(stream, 5)], { expectedVersion }));
          expect(failure).toMatchObject({ code: 'event_sourcing.stream_deleted', streamId: stream, mode: 'soft' });
        }
        expect(await store.getStreamMetadata(stream)).toEqual({
          streamId: stream,
          version: 4,
          exists: false,
          deleted: 'soft',
        });
        const all = await store.readAll();
        const own = all.filter((e) => e.streamId === stream);
        expect(own.map((e) => e.version)).toEqual([1, 2, 3, 4]);
        expect(own[3] && isStreamDeleted(own[3])).toBe(true);
        expect(own[3]).toMatchObject({ type: '$StreamDeleted', payload: { mode: 'soft' }, aggregateId: stream });
        expect((await store.readStream(other)).map((e) => e.version)).toEqual([1]);
      });

      deleting('a hard delete removes the events; readAll subscribers step over the gap', async (store) => {
        const [a, b] = [streamName(), streamName()];
        await store.appendToStream(a, batch(a, 2));
        await store.appendToStream(b, batch(b, 2));
        await store.appendToStream(a, batch(a, 2, 3));
        const before = await store.readAll();
        const checkpoint = (before[1] as RecordedEvent).globalPosition; // inside a's first events
        await store.appendToStream(b, batch(b, 1, 3));
        expect(await store.deleteStream(a, { mode: 'hard' })).toEqual({ version: 5, deleted: 'hard' });
        const all = await store.readAll();
        expect(all.filter((e) => e.streamId === a).map((e) => [e.version, e.type])).toEqual([[5, '$StreamDeleted']]);
        expect(all.filter((e) => e.streamId === b).map((e) => e.version)).toEqual([1, 2, 3]);
        for (let i = 1; i < all.length; i++) {
          expect((all[i] as RecordedEvent).globalPosition).toBeGreaterThan(
            (all[i - 1] as RecordedEvent).globalPosition,
          );
        }
        // A subscriber whose checkpoint sits among the removed events reads on without a skip.
        const after = await store.readAll({ fromPosition: checkpoint });
        expect(after.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.version}`)).toEqual(['b1', 'b2', 'b3', 'a5']);
        const paged: RecordedEvent[] = [];
        let from = 0n;
        for (;;) {
          const page = await store.readAll({ fromPosition: from, maxCount: 2 });
          if (page.length === 0) break;
          paged.push(...page);
          from = (page[page.length - 1] as RecordedEvent).globalPosition;
        }
        expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
        await expect(store.readStream(a)).rejects.toMatchObject({ mode: 'hard' });
        expect(await store.getStreamMetadata(a)).toMatchObject({ version: 5, exists: false, deleted: 'hard' });
      });

      deleting(
        'checks the expected version, deletes again as a no-op, and can make a soft delete hard',
        async (store) => {
          const stream = streamName();
          await store.appendToStream(stream, batch(stream, 2));
          const stale = await rejection(store.deleteStream(stream, { expectedVersion: 1 }));
          expect(stale).toBeInstanceOf(ConcurrencyError);
          expect(stale).toMatchObject({ streamId: stream, expected: 1, actual: 2 });
          expect((await store.readStream(stream)).map((e) => e.version)).toEqual([1, 2]);
          expect(await store.deleteStream(stream)).toEqual({ version: 3, deleted: 'soft' });
          expect(await store.deleteStream(stream)).toEqual({ version: 3, deleted: 'soft' });
          expect(await store.deleteStream(stream, { mode: 'hard' })).toEqual({ version: 4, deleted: 'hard' });
          expect(await store.deleteStream(stream, { mode: 'soft' })).toEqual({ version: 4, deleted: 'hard' });
          const own = (await store.readAll()).filter((e) => e.streamId === stream);
          expect(own.map((e) => [e.version, e.payload])).toEqual([[4, { mode: 'hard' }]]);
        },
      );

      deleting('leaves a missing stream alone, and refuses a malformed mode', async (store) => {
        const stream = streamName();
        expect(await store.deleteStream(stream)).toEqual({ version: 0, deleted: undefined });
        await store.appendToStream(stream, batch(stream, 1), { expectedVersion: 'no_stream' });
        const bad = await rejection(store.deleteStream(stream, { mode: 'purge' as 'hard' }));
        expect(bad).toBeInstanceOf(ValidationError);
        expect(bad).toMatchObject({ field: 'mode' });
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('concurrency', () => {
      withStore(
        `${concurrency} concurrent appends with the same expected version: exactly one wins, per round`,
        async (store) => {
          const stream = streamName();
          for (let round = 0; round < 5; round++) {
            const expectedVersion = round === 0 ? 'no_stream' : round;
            const results = await Promise.allSettled(
              Array.from({ length: concurrency }, () =>
                store.appendToStream(stream, [noted(stream, round + 1)], { expectedVersion }),
              ),
            );
            const won = results.filter((r) => r.status === 'fulfilled');
            const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
            expect(won).toHaveLength(1);
            for (const loss of lost) {
              expect(loss.reason).toBeInstanceOf(ConcurrencyError);
              expect(loss.reason).toMatchObject({ streamId: stream, expected: expectedVersion, actual: round + 1 });
            }
          }
          expect((await store.readStream(stream)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
        },
        30_000,
      );

      withStore(`${concurrency} concurrent appends with "any" all succeed, with gapless versions`, async (store) => {
        const stream = streamName();
        const results = await Promise.all(
          Array.from({ length: concurrency }, (_, i) => store.appendToStream(stream, batch(stream, 2, i * 2 + 1))),
        );
        const versions = results.map((r) => r.nextExpectedVersion).sort((a, b) => a - b);
        expect(versions).toEqual(Array.from({ length: concurrency }, (_, i) => (i + 1) * 2));
        const read = await store.readStream(stream);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: concurrency * 2 }, (_, i) => i + 1));
        for (let i = 0; i < read.length; i += 2)
          expect(read[i + 1]?.globalPosition).toBeGreaterThan(read[i]?.globalPosition as bigint);
      });

      withStore('concurrent appends to different streams get distinct, ordered global positions', async (store) => {
        const streams = Array.from({ length: concurrency }, streamName);
        await Promise.all(
          streams.map((stream) => store.appendToStream(stream, batch(stream, 3), { expectedVersion: 'no_stream' })),
        );
        const all = await store.readAll();
        expect(all).toHaveLength(concurrency * 3);
        expect(new Set(all.map((e) => e.globalPosition)).size).toBe(all.length);
        for (const stream of streams) {
          const own = all.filter((e) => e.streamId === stream).map((e) => e.version);
          expect(own).toEqual([1, 2, 3]);
        }
      });
    });
  });
}

/** The global `AbortController` (Node and browsers), typed without the DOM or Node libraries. */
type AbortControllerClass = new () => { readonly signal: AbortSignalLike; abort(): void };
