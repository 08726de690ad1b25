import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpectedVersion } from '../../src/event-sourcing/EventStore.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { ConcurrencyError, type DomainEvent } from '../../src/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';

const STREAMS = ['a', 'b', 'c'] as const;
const expectedArb: fc.Arbitrary<ExpectedVersion> = fc.oneof(
  fc.constantFrom<ExpectedVersion>('any', 'no_stream', 'stream_exists'),
  fc.integer({ min: 0, max: 6 }),
);
const command = fc.record({
  stream: fc.constantFrom(...STREAMS),
  count: fc.integer({ min: 0, max: 3 }),
  expected: expectedArb,
});

describe('InMemoryEventStore against a model', () => {
  it('accepts exactly the appends the expected-version rules allow, with gapless versions and a total order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
        const store = new InMemoryEventStore();
        const ids = sequentialIds();
        const model = new Map<string, number>();
        let total = 0;
        for (const { stream, count, expected } of commands) {
          const actual = model.get(stream) ?? 0;
          const allowed =
            expected === 'any' ||
            (expected === 'no_stream' && actual === 0) ||
            (expected === 'stream_exists' && actual > 0) ||
            expected === actual;
          const events: DomainEvent[] = Array.from({ length: count }, (_, i) => ({
            id: ids(),
            type: 'Happened',
            schemaVersion: 1,
            aggregateId: stream,
            aggregateVersion: actual + i + 1,
            occurredAt: '2026-11-25T09:00:00Z',
            payload: { i },
            metadata: {},
          }));
          const result = await store
            .appendToStream(stream, events, { expectedVersion: expected })
            .catch((e: unknown) => e);
          if (allowed) {
            model.set(stream, actual + count);
            total += count;
            expect(result).toMatchObject({ nextExpectedVersion: actual + count });
          } else {
            expect(result).toBeInstanceOf(ConcurrencyError);
            expect(result).toMatchObject({ streamId: stream, expected, actual });
          }
        }
        const all = await store.readAll();
        expect(all).toHaveLength(total);
        expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => BigInt(i + 1)));
        for (const stream of STREAMS) {
          const versions = (await store.readStream(stream)).map((e) => e.version);
          expect(versions).toEqual(Array.from({ length: model.get(stream) ?? 0 }, (_, i) => i + 1));
          expect((await store.getStreamMetadata(stream)).version).toBe(model.get(stream) ?? 0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
