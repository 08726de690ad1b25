import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { isStreamDeleted } from '../../src/event-sourcing/streamTombstone.js';
import type { DomainEvent } from '../../src/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';

// Both layouts of InMemoryEventStore (one envelope per event, and columns in segments of 4,096
// events with an id index of its own) run the same commands: every outcome must be the same, and
// what they hold must be what a plain model of the log says. Batches are large enough that a run
// crosses segment boundaries and rebuilds the id index several times, with hard deletes leaving
// holes and retries finding events by id across all of it.
const STREAMS = ['a', 'b', 'c', 'd'] as const;
type Stream = (typeof STREAMS)[number];

type Command =
  | { kind: 'append'; stream: Stream; count: number; expected: 'any' | 'right' | 'wrong' }
  | { kind: 'retry'; pick: number; tamper: boolean; to: Stream | undefined }
  | { kind: 'delete'; stream: Stream; mode: 'soft' | 'hard' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      stream: fc.constantFrom(...STREAMS),
      count: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 200, max: 1500 })),
      expected: fc.constantFrom('any' as const, 'right' as const, 'wrong' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('retry' as const),
      pick: fc.nat(),
      tamper: fc.boolean(),
      // Into another stream: refused while the ids are stored, new events once a hard delete forgot them.
      to: fc.option(fc.constantFrom(...STREAMS), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      stream: fc.constantFrom(...STREAMS),
      mode: fc.constantFrom('soft' as const, 'hard' as const),
    }),
  },
);

interface ModelEvent {
  readonly id: string;
  readonly stream: Stream;
  readonly version: number;
  readonly position: number;
  readonly tombstone: boolean;
}

/** What a call returned or threw, comparable across stores (an error by its class and message). */
const outcome = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    return { ok: await call() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
};

/** A store's whole content: every page of readAll, each stream forwards and backwards, and metadata. */
const contents = async (store: InMemoryEventStore, page: number) => {
  const all: unknown[] = [];
  for (let from = 0n; ; ) {
    const events = await store.readAll({ fromPosition: from, maxCount: page });
    if (events.length === 0) break;
    // A tombstone's id and time are made by each store: compared without them.
    all.push(...events.map((e) => (isStreamDeleted(e) ? { ...e, id: 'tombstone', occurredAt: 'at deletion' } : e)));
    from = (events[events.length - 1] as { globalPosition: bigint }).globalPosition;
  }
  const streams: Record<string, unknown> = {};
  for (const s of STREAMS) {
    streams[s] = {
      meta: await store.getStreamMetadata(s),
      forwards: await outcome(() => store.readStream(s)),
      window: await outcome(() => store.readStream(s, { fromVersion: 2, maxCount: page })),
      backwards: await outcome(() => store.readStream(s, { direction: 'backwards', maxCount: page })),
    };
  }
  return { all, streams };
};

describe('InMemoryEventStore layouts against a model', () => {
  it('give the same outcome for every command and hold what the model holds, across segments, holes and index rebuilds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1, max: 5000 }),
        async (commands, page) => {
          const stores = [new InMemoryEventStore(), new InMemoryEventStore({ compact: true })] as const;
          const ids = sequentialIds();
          const batches: DomainEvent[][] = [];
          const log: ModelEvent[] = [];
          const versions = new Map<Stream, number>();
          const deleted = new Map<Stream, 'soft' | 'hard'>();
          /** The positions a hard delete removed. */
          const removed = new Set<number>();
          for (const c of commands) {
            let call: (store: InMemoryEventStore) => Promise<unknown>;
            const actual = versions.get(c.kind === 'retry' ? 'a' : c.stream) ?? 0;
            if (c.kind === 'append') {
              const events: DomainEvent[] = Array.from({ length: c.count }, (_, i) => ({
                id: ids(),
                type: 'Happened',
                schemaVersion: 1,
                aggregateId: c.stream,
                aggregateVersion: actual + i + 1,
                occurredAt: new Date(Date.UTC(2026, 10, 25) + log.length + i).toISOString(),
                payload: { n: log.length + i, tags: ['x', String(i)] },
                metadata: i % 2 === 0 ? {} : { correlationId: `c-${i}` },
              }));
              const expectedVersion = c.expected === 'any' ? 'any' : c.expected === 'right' ? actual : actual + 7;
              call = (store) => store.appendToStream(c.stream, events, { expectedVersion });
              const accepted = c.expected !== 'wrong' && !deleted.has(c.stream);
              if (accepted && events.length > 0) {
                batches.push(events);
                for (const [i, event] of events.entries()) {
                  log.push({
                    id: event.id,
                    stream: c.stream,
                    version: actual + i + 1,
                    position: log.length + 1,
                    tombstone: false,
                  });
                }
                versions.set(c.stream, actual + events.length);
              }
            } else if (c.kind === 'retry') {
              if (batches.length === 0) continue;
              const batch = batches[c.pick % batches.length] as DomainEvent[];
              const head = batch[0] as DomainEvent;
              const events = c.tamper ? [{ ...head, payload: { tampered: true } }, ...batch.slice(1)] : batch;
              const target = (c.to ?? head.aggregateId) as Stream;
              call = (store) => store.appendToStream(target, events, { expectedVersion: 'any' });
              const forgotten = !log.some((e) => e.id === head.id && !removed.has(e.position));
              if (forgotten && !deleted.has(target)) {
                const at = versions.get(target) ?? 0;
                for (const [i, event] of events.entries()) {
                  log.push({
                    id: event.id,
                    stream: target,
                    version: at + i + 1,
                    position: log.length + 1,
                    tombstone: false,
                  });
                }
                versions.set(target, at + events.length);
              }
            } else {
              call = (store) => store.deleteStream(c.stream, { mode: c.mode });
              const gone = deleted.get(c.stream);
              // A delete appends a tombstone, unless the stream is empty or already gone as far
              // (a soft delete deleted hard drops the events and the soft tombstone).
              if (actual > 0 && gone !== 'hard' && !(gone === 'soft' && c.mode === 'soft')) {
                if (c.mode === 'hard') {
                  for (const e of log) if (e.stream === c.stream) removed.add(e.position);
                }
                log.push({ id: '', stream: c.stream, version: actual + 1, position: log.length + 1, tombstone: true });
                versions.set(c.stream, actual + 1);
                deleted.set(c.stream, c.mode);
              }
            }
            const [envelopes, columns] = await Promise.all(stores.map((store) => outcome(() => call(store))));
            expect(columns).toEqual(envelopes);
          }
          const envelopes = await contents(stores[0], page);
          expect(await contents(stores[1], page)).toEqual(envelopes);
          // The model: every event not hard-deleted, in order, with its stream, version and position.
          const live = envelopes.all as DomainEvent[] as (DomainEvent & {
            streamId: string;
            version: number;
            globalPosition: bigint;
          })[];
          const expected = log.filter((e) => !removed.has(e.position));
          expect(live.map((e) => [e.streamId, e.version, Number(e.globalPosition), isStreamDeleted(e)])).toEqual(
            expected.map((e) => [e.stream, e.version, e.position, e.tombstone]),
          );
          expect(live.filter((e) => !isStreamDeleted(e)).map((e) => e.id)).toEqual(
            expected.filter((e) => !e.tombstone).map((e) => e.id),
          );
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
