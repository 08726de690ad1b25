import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { FixedClock } from '../../src/testing/FixedClock.js';
import { sequentialIds } from '../../src/testing/sequentialIds.js';
import { AccountId } from '../event-sourcing/fixtures/Account.js';

describe('FixedClock', () => {
  it('stands still, returning fresh dates, until moved', () => {
    const clock = new FixedClock('2026-11-25T09:00:00.000Z');
    const a = clock.now();
    a.setFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(clock.advance(1500).now().toISOString()).toBe('2026-11-25T09:00:01.500Z');
    expect(clock.set(new Date(0)).now().getTime()).toBe(0);
    expect(new FixedClock(86_400_000).now().toISOString()).toBe('1970-01-02T00:00:00.000Z');
    expect(new FixedClock().now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('rejects invalid instants and steps', () => {
    expect(() => new FixedClock('not a date')).toThrow(ValidationError);
    expect(() => new FixedClock(Number.NaN)).toThrow(expect.objectContaining({ rule: 'invalid_date' }));
    expect(() => new FixedClock().advance(Number.POSITIVE_INFINITY)).toThrow(
      expect.objectContaining({ rule: 'not_finite' }),
    );
    expect(() => new FixedClock().set(new Date('nope'))).toThrow(ValidationError);
  });
});

describe('sequentialIds', () => {
  it('makes the same valid uuid v7 sequence on every run', () => {
    const a = sequentialIds();
    const b = sequentialIds();
    const first = [a(), a(), a()];
    expect(first).toEqual([b(), b(), b()]);
    expect(first[0]).toBe('00000000-0000-7000-8000-000000000001');
    for (const id of first) expect(AccountId.parse(id)).toBe(id);
    expect(sequentialIds(255)()).toBe('00000000-0000-7000-8000-0000000000ff');
    const last = sequentialIds(Number.MAX_SAFE_INTEGER)();
    expect(AccountId.parse(last)).toBe(last);
  });

  it('rejects a start that is not a non-negative safe integer', () => {
    for (const start of [-1, 1.5, Number.NaN]) expect(() => sequentialIds(start)).toThrow(ValidationError);
  });
});
