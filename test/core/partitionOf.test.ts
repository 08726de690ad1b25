import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionOf, ValidationError } from '../../src/index.js';

/** FNV-1a over UTF-8 as the reference (TextEncoder does the encoding). */
function reference(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) hash = Math.imul(hash ^ b, 0x01000193);
  return (hash >>> 0) % partitions;
}

describe('partitionOf', () => {
  it('is FNV-1a over the UTF-8 bytes of the key, for any string (lone surrogates as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 65_536 }), (key, n) => {
        expect(partitionOf(key, n)).toBe(reference(key, n));
      }),
    );
    expect(partitionOf('', 7)).toBe(0x811c9dc5 % 7);
    expect(partitionOf('a', 65_536)).toBe(0xe40c292c % 65_536);
  });

  it('spreads uuids evenly over the partitions', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) {
      const p = partitionOf(crypto.randomUUID(), 8);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it.each([0, -1, 1.5, Number.NaN, 65_537])('refuses %s partitions with a ValidationError', (n) => {
    expect(() => partitionOf('x', n)).toThrow(ValidationError);
    try {
      partitionOf('x', n);
    } catch (e) {
      expect((e as ValidationError).field).toBe('partitions');
      expect((e as ValidationError).rule).toBe('integer_between');
    }
  });
});
