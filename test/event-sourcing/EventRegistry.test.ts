import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineUpcaster } from '../../src/event-sourcing/defineUpcaster.js';
import { defineEventRegistry } from '../../src/event-sourcing/EventRegistry.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { defineEvent, ValidationError } from '../../src/index.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';

// MoneyDeposited went through three shapes: a float `amount`, integer `cents`, then `cents` + `currency`.
const V1 = defineEvent('MoneyDeposited', z.object({ amount: z.number() }));
const V2 = defineEvent('MoneyDeposited', z.object({ cents: z.int() }), { schemaVersion: 2 });
const V3 = defineEvent('MoneyDeposited', z.object({ cents: z.int(), currency: z.string().length(3) }), {
  schemaVersion: 3,
});
const v1to2 = defineUpcaster(V1, V2, (old) => ({ cents: Math.round(old.amount * 100) }));
const v2to3 = defineUpcaster(V2, V3, (old) => ({ ...old, currency: 'EUR' }));
const registry = defineEventRegistry({ current: [V3], legacy: [V1, V2], upcasters: [v1to2, v2to3] });

const ids = sequentialIds();
const stored = (schemaVersion: number, payload: unknown, extra: Record<string, unknown> = {}) => ({
  id: ids(),
  type: 'MoneyDeposited',
  schemaVersion,
  aggregateId: 'a-1',
  aggregateVersion: 1,
  occurredAt: '2026-11-25T09:00:00.000Z',
  payload,
  metadata: { correlationId: 'c-1' },
  ...extra,
});

describe('defineEventRegistry', () => {
  it('chains upcasters from any stored version to the current one, keeping the envelope', () => {
    const old = stored(1, { amount: 12.34 });
    const event = registry.parse(old);
    expect(event).toEqual({ ...old, schemaVersion: 3, payload: { cents: 1234, currency: 'EUR' } });
    expect(registry.parse(stored(2, { cents: 5 })).payload).toEqual({ cents: 5, currency: 'EUR' });
    expect(registry.parse(stored(3, { cents: 5, currency: 'USD' })).payload).toEqual({ cents: 5, currency: 'USD' });
    expect(Object.isFrozen(event.payload)).toBe(true);
  });

  it('validates the stored version with its own schema before upcasting, and the result after', () => {
    expect(() => registry.parse(stored(1, { amount: 'twelve' }))).toThrow(
      expect.objectContaining({ field: 'payload.amount', rule: 'invalid_type' }),
    );
    const broken = defineEventRegistry({
      current: [V3],
      legacy: [V2],
      upcasters: [defineUpcaster(V2, V3, (old) => ({ ...old, currency: 'EURO' }))],
    });
    expect(() => broken.parse(stored(2, { cents: 1 }))).toThrow(expect.objectContaining({ field: 'payload.currency' }));
  });

  it('rejects unknown types and versions, extra envelope keys and bad JSON', () => {
    expect(() => registry.parse({ ...stored(3, {}), type: 'Nope' })).toThrow(
      expect.objectContaining({ field: 'type', rule: 'unknown_event_type' }),
    );
    expect(() => registry.parse(stored(9, {}))).toThrow(
      expect.objectContaining({ field: 'schemaVersion', rule: 'unknown_schema_version' }),
    );
    expect(() => registry.parse(stored(3, { cents: 1, currency: 'EUR' }, { extra: 1 }))).toThrow(ValidationError);
    expect(() => registry.parse(null)).toThrow(expect.objectContaining({ rule: 'unknown_event_type' }));
    expect(() => registry.deserialize('{nope')).toThrow(expect.objectContaining({ rule: 'invalid_json' }));
    expect(registry.deserialize(JSON.stringify(stored(2, { cents: 7 }))).payload).toEqual({
      cents: 7,
      currency: 'EUR',
    });
    expect(() => registry.serialize(stored(3, { n: 1n }) as never)).toThrow(
      expect.objectContaining({ rule: 'not_json' }),
    );
  });

  it('refuses a definition that could not read its own history', () => {
    const cases: readonly (readonly [string, () => unknown])[] = [
      ['a legacy version without an upcaster', () => defineEventRegistry({ current: [V3], legacy: [V2] })],
      ['a version registered twice', () => defineEventRegistry({ current: [V3], legacy: [V3] })],
      ['a type current twice', () => defineEventRegistry({ current: [V2, V3] })],
      [
        'an upcaster from a current version',
        () => defineEventRegistry({ current: [V2], legacy: [V1], upcasters: [v1to2, v2to3] }),
      ],
      [
        'an upcaster to an unregistered version',
        () => defineEventRegistry({ current: [V3], legacy: [V1], upcasters: [v1to2] }),
      ],
      [
        'two upcasters from one version',
        () => defineEventRegistry({ current: [V2], legacy: [V1], upcasters: [v1to2, v1to2] }),
      ],
      [
        'a cycle',
        () => {
          const A = defineEvent('A', z.object({}));
          const B1 = defineEvent('B', z.object({}));
          const B2 = defineEvent('B', z.object({}), { schemaVersion: 2 });
          return defineEventRegistry({
            current: [A],
            legacy: [B1, B2],
            upcasters: [defineUpcaster(B1, B2, () => ({})), defineUpcaster(B2, B1, () => ({}))],
          });
        },
      ],
    ];
    for (const [, define] of cases) {
      expect(define).toThrow(expect.objectContaining({ subject: 'EventRegistry', rule: 'invalid_registry' }));
    }
  });

  it('lets a store upcast what it stored under an older version', async () => {
    const store = new InMemoryEventStore({ registry });
    await store.appendToStream('s', [stored(1, { amount: 1.5 }), stored(2, { cents: 2 }, { aggregateVersion: 2 })]);
    expect((await store.readStream('s')).map((e) => e.payload)).toEqual([
      { cents: 150, currency: 'EUR' },
      { cents: 2, currency: 'EUR' },
    ]);
  });
});
