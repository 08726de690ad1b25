import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../src/index.js';
import { Specification, spec } from '../../src/specification/index.js';
import { FakeMoney } from './Money.fixture.js';

/** The two in-memory evaluators: generated code (the default) and closures (via `explain`). */
const both = (specification: Specification<unknown>, candidate: unknown): [boolean, boolean] => [
  specification.isSatisfiedBy(candidate),
  specification.explain(candidate).satisfied,
];

describe('specifications mean in memory what they mean in SQL', () => {
  it('order strings by code point across the BMP/astral boundary', () => {
    expect(both(spec.gt('s', '\uFFFF'), { s: '😀' })).toEqual([true, true]);
    expect(both(spec.lt('s', '😀'), { s: '\uFFFF' })).toEqual([true, true]);
    expect(both(spec.between('s', '\uE000', '😀'), { s: '\uFFFF' })).toEqual([true, true]);
    expect(both(spec.gt('s', 'a'), { s: '😀' })).toEqual([true, true]);
  });

  it('compare dates within years 1 to 9999 only: a literal outside is refused, a value outside is no date', () => {
    const farFuture = new Date(Date.parse('+010000-01-01T00:00:00.000Z'));
    const beforeYearOne = new Date(Date.parse('0000-06-01T00:00:00.000Z'));
    const now = new Date('2026-11-22T10:00:00Z');
    expect(both(spec.gt('d', now), { d: farFuture })).toEqual([false, false]);
    expect(both(spec.gte('d', now), { d: farFuture })).toEqual([false, false]);
    expect(both(spec.lt('d', now), { d: beforeYearOne })).toEqual([false, false]);
    expect(both(spec.lte('d', now), { d: beforeYearOne })).toEqual([false, false]);
    expect(both(spec.not(spec.lt('d', now)), { d: beforeYearOne })).toEqual([true, true]);
    expect(both(spec.gt('d', now), { d: new Date('9999-12-31T23:59:59.999Z') })).toEqual([true, true]);
    expect(both(spec.gt('d', now), { d: new Date('2026-11-22T10:00:01Z') })).toEqual([true, true]);
    expect(() => spec.gt('d', farFuture)).toThrow(expect.objectContaining({ rule: 'date_out_of_range' }));
    expect(() => spec.in('d', [now, beforeYearOne])).toThrow(ValidationError);
  });

  it('compare a date with a string literal as its stored ISO text: equal only to that exact text', () => {
    const d = new Date('2026-01-01T00:00:00.000Z');
    expect(both(spec.eq('d', '2026-01-01T00:00:00.000Z'), { d })).toEqual([true, true]);
    expect(both(spec.ne('d', '2026-01-01T00:00:00.000Z'), { d })).toEqual([false, false]);
    expect(both(spec.eq('d', '+012026-01-01T00:00:00.000Z'), { d: new Date(Date.UTC(12026, 0, 1)) })).toEqual([
      true,
      true,
    ]);
    // Texts no Date is stored as: another spelling of the instant, a day, a word.
    for (const text of ['2026-01-01T00:00:00Z', '2026-01-01', 'pending']) {
      expect(both(spec.eq('d', text), { d })).toEqual([false, false]);
      expect(both(spec.in('d', [text, 'other']), { d })).toEqual([false, false]);
    }
    expect(both(spec.in('d', ['a', '2026-01-01T00:00:00.000Z']), { d })).toEqual([true, true]);
    const many = Array.from({ length: 12 }, (_, i) => `v${i}`);
    expect(both(spec.in('d', [...many, '2026-01-01T00:00:00.000Z']), { d })).toEqual([true, true]);
    expect(both(spec.in('d', many), { d })).toEqual([false, false]);
    expect(both(spec.in('s', many), { s: 'v11' })).toEqual([true, true]);
  });

  it('do not read into arrays or strings (no index, no length), as JSON paths do not', () => {
    const candidate = { items: ['a', 'b'], name: 'Ada', nested: { items: ['x'] } };
    expect(both(spec.eq('items.0', 'a'), candidate)).toEqual([false, false]);
    expect(both(spec.eq('items.length', 2), candidate)).toEqual([false, false]);
    expect(both(spec.eq('name.length', 3), candidate)).toEqual([false, false]);
    expect(both(spec.isNull('nested.items.length'), candidate)).toEqual([true, true]);
    // Leaves that share a parent read it once: still not into an array.
    expect(both(spec.eq('items.length', 2).and(spec.isNull('items.x')), candidate)).toEqual([false, false]);
    expect(both(spec.isNull('items.length').and(spec.isNull('items.0')), candidate)).toEqual([true, true]);
    const parsed = Specification.fromJSON({ version: 1, spec: { op: 'gt', field: 'items.length', value: 0 } });
    expect(parsed.isSatisfiedBy(candidate)).toBe(false);
  });

  it('refuse strings PostgreSQL cannot hold (U+0000, lone surrogates), in builders and in fromJSON alike', () => {
    for (const bad of ['a\u0000', '\uD800', 'x\uDC00y']) {
      expect(() => spec.eq('s', bad)).toThrow(expect.objectContaining({ rule: 'unsupported_character' }));
      expect(() => spec.contains('s', bad)).toThrow(expect.objectContaining({ rule: 'unsupported_character' }));
      expect(() => spec.isNull(`a.${bad}`)).toThrow(expect.objectContaining({ rule: 'unsupported_character' }));
      expect(() => Specification.fromJSON({ version: 1, spec: { op: 'in', field: 's', values: ['ok', bad] } })).toThrow(
        expect.objectContaining({ field: 'spec.values.1', rule: 'unsupported_character' }),
      );
    }
    expect(both(spec.eq('s', '😀'), { s: '😀' })).toEqual([true, true]);
  });

  it('with a schema, refuse a string against a date field and a date against a string field', () => {
    const Schema = z.object({ createdAt: z.date(), name: z.string().optional(), n: z.number() });
    const read = (node: unknown) => () => Specification.fromJSON({ version: 1, spec: node }, Schema);
    const iso = '2026-11-22T10:00:00Z';
    expect(read({ op: 'gt', field: 'createdAt', value: iso })).toThrow(
      expect.objectContaining({ field: 'spec.value', rule: 'literal_mismatch' }),
    );
    expect(read({ op: 'in', field: 'createdAt', values: [{ $date: iso }, iso] })).toThrow(
      expect.objectContaining({ field: 'spec.values.1', rule: 'literal_mismatch' }),
    );
    expect(read({ op: 'startsWith', field: 'createdAt', value: '2026' })).toThrow(
      expect.objectContaining({ field: 'spec.op', rule: 'literal_mismatch' }),
    );
    expect(read({ op: 'eq', field: 'name', value: { $date: iso } })).toThrow(
      expect.objectContaining({ field: 'spec.value', rule: 'literal_mismatch' }),
    );
    const fine = Specification.fromJSON(
      { version: 1, spec: { op: 'gt', field: 'createdAt', value: { $date: iso } } },
      Schema,
    );
    expect(fine.isSatisfiedBy({ createdAt: new Date('2026-11-23T00:00:00Z'), n: 1 })).toBe(true);
  });

  it('read a Money as its JSON form: amount and currency, nothing else', () => {
    const candidate = { price: FakeMoney.of('19.99', 'EUR') };
    expect(both(spec.eq('price.amount', '19.99'), candidate)).toEqual([true, true]);
    expect(both(spec.eq('price.currency', 'EUR'), candidate)).toEqual([true, true]);
    expect(both(spec.isNull('price.minor'), candidate)).toEqual([true, true]);
    const dated = { at: new Date('2026-01-01T00:00:00Z') };
    expect(both(spec.isNull('at.getTime'), dated)).toEqual([true, true]);
  });
});
