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
    expect(params).toEqual(["'; DROP TABLE x; --", '1', '2', '%abc%']);
    expect(text).toContain('$1::text');
    expect(text).toContain('$4::text');
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
