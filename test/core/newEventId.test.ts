import { describe, expect, it } from 'vitest';
import { newEventId } from '../../src/core/newEventId.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('makes unique, valid uuid v7 ids that sort in creation order, across pool refills', () => {
    const ids = Array.from({ length: 5000 }, () => newEventId());
    expect(ids.every((id) => V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives every id random bytes of its own (no bytes shared between ids, within a millisecond or not)', () => {
    const ids = Array.from({ length: 5000 }, () => newEventId());
    // The last 10 hex digits are random bytes only (40 bits): 5,000 of them collide with odds ~1e-5.
    expect(new Set(ids.map((id) => id.slice(-10))).size).toBe(ids.length);
  });

  it('stamps the current millisecond', () => {
    const before = Date.now();
    const id = newEventId();
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});

describe('newEventId against uuid', () => {
  it('formats the same fields as uuid v7 does', async () => {
    const { validate, version } = await import('uuid');
    for (let i = 0; i < 1000; i++) {
      const id = newEventId();
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
  });
});
