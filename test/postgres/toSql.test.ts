import { describe, expect, it } from 'vitest';
import { toSql, UntranslatableSpecificationError } from '../../src/postgres/index.js';
import { type SpecNode, spec } from '../../src/specification/index.js';

const node = (value: unknown): SpecNode => value as SpecNode;

describe('toSql without a database', () => {
  it('binds every value and embeds none of them', () => {
    const { text, params } = toSql(
      node({
        op: 'and',
        of: [
          { op: 'eq', field: 'status', value: "'; DROP TABLE x; --" },
          { op: 'in', field: 'total', values: [1, 2] },
          { op: 'contains', field: 'note', value: 'abc' },
        ],
      }),
    );
    expect(text).not.toContain('DROP');
    expect(text).not.toContain('abc');
    expect(params).toEqual(["'; DROP TABLE x; --", ['1', '2'], '%abc%']);
    expect(text).toContain('$1::text');
    expect(text).toContain('$2::numeric[]');
    expect(text).toContain('$3::text');
  });

  it('binds the values of an in as one array per kind: the SQL does not grow with the list', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `v${i}`);
    const small = toSql(node({ op: 'in', field: 'status', values: ['a', 'b'] }));
    const large = toSql(node({ op: 'in', field: 'status', values }));
    expect(large.text).toBe(small.text);
    expect(large.params).toEqual([values]);
    expect(large.text.length).toBeLessThan(200);
    const mixed = toSql(
      node({
        op: 'notIn',
        field: 'x',
        values: [1, 'a', 2, true, { $date: '2026-01-01T00:00:00Z' }, { $money: { amount: '1', currency: 'EUR' } }],
      }),
    );
    expect(mixed.params).toEqual([['a'], ['2026-01-01T00:00:00.000Z'], ['1', '2'], [true], 'EUR', ['1']]);
  });

  it('compiles a tree nested far deeper than the stack allows', () => {
    let deep: SpecNode = { op: 'eq', field: 'a', value: 1 };
    for (let i = 0; i < 50_000; i++) deep = { op: 'not', of: deep };
    expect(toSql(deep).text.startsWith('(NOT (NOT')).toBe(true);
  });

  it('refuses a specification that needs more parameters than PostgreSQL takes', () => {
    const wide = node({ op: 'or', of: Array.from({ length: 70_000 }, (_, i) => ({ op: 'eq', field: 'a', value: i })) });
    expect(() => toSql(wide)).toThrow(
      expect.objectContaining({ name: 'ValidationError', rule: 'too_many_parameters' }),
    );
  });

  it('accepts a specification object by its AST and numbers placeholders from firstParameter', () => {
    const { text, params } = toSql(spec.eq('status', 'paid'), { firstParameter: 3 });
    expect(text).toContain('$3::text');
    expect(params).toEqual(['paid']);
  });

  it('refuses a predicate leaf, naming it', () => {
    const mixed = spec.gt('a', 1).and(spec.predicate('isOverdue', () => true));
    expect(() => toSql(mixed)).toThrow(UntranslatableSpecificationError);
    expect(() => toSql(mixed)).toThrow(/isOverdue/);
    try {
      toSql(mixed);
    } catch (error) {
      expect(error).toMatchObject({ code: 'postgres.untranslatable_specification', predicate: 'isOverdue' });
    }
  });

  it.each<[string, () => unknown, string, string]>([
    ['an unknown operator', () => toSql(node({ op: 'like', field: 'a', value: 'x' })), 'op', 'unknown_operator'],
    ['an empty path segment', () => toSql(node({ op: 'eq', field: 'a..b', value: 1 })), 'field', 'invalid_field'],
    ['a non-finite number', () => toSql(node({ op: 'gt', field: 'n', value: Number.NaN })), 'n', 'invalid_literal'],
    ['a bad date', () => toSql(node({ op: 'lt', field: 'at', value: { $date: 'soon' } })), 'at', 'invalid_literal'],
    [
      'a date before year 1',
      () => toSql(node({ op: 'lt', field: 'at', value: { $date: '-000001-01-01T00:00:00.000Z' } })),
      'at',
      'date_out_of_range',
    ],
    [
      'a date after year 9999',
      () => toSql(node({ op: 'in', field: 'at', values: [{ $date: '+010000-01-01T00:00:00.000Z' }] })),
      'at',
      'date_out_of_range',
    ],
    [
      'a string holding U+0000',
      () => toSql(node({ op: 'in', field: 's', values: ['a', 'b\u0000'] })),
      's',
      'unsupported_character',
    ],
    [
      'a pattern with a lone surrogate',
      () => toSql(node({ op: 'startsWith', field: 's', value: '\uD800' })),
      's',
      'unsupported_character',
    ],
    [
      'a path segment with a lone surrogate',
      () => toSql(node({ op: 'isNull', field: 'a.\uDC00' })),
      'field',
      'invalid_field',
    ],
    [
      'a bad money amount',
      () => toSql(node({ op: 'gt', field: 'p', value: { $money: { amount: '1e3', currency: 'EUR' } } })),
      'p',
      'invalid_literal',
    ],
    [
      'money on a mapped column',
      () =>
        toSql({ op: 'gt', field: 'p', value: { $money: { amount: '1', currency: 'EUR' } } }, { columns: { p: 'p' } }),
      'p',
      'unsupported_column_literal',
    ],
    [
      'a column that is not an identifier',
      () => toSql(node({ op: 'isNull', field: 'a' }), { columns: { a: 'a;b' } }),
      'columns.a',
      'invalid_identifier',
    ],
    [
      'a document that is not an identifier',
      () => toSql(node({ op: 'isNull', field: 'a' }), { document: 'data"' }),
      'document',
      'invalid_identifier',
    ],
    [
      'placeholder 0',
      () => toSql(node({ op: 'isNull', field: 'a' }), { firstParameter: 0 }),
      'firstParameter',
      'invalid_parameter',
    ],
  ])('rejects %s with ValidationError', (_, call, field, rule) => {
    expect(call).toThrow(expect.objectContaining({ name: 'ValidationError', field, rule }));
  });
});
