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
