import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { Specification } from '../../src/specification/index.js';

const leaf = (i: number) => ({ op: 'eq', field: 'status', value: `s${i}` });
const rejection = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('Specification.fromJSON bounds', () => {
  it('takes up to 1,000 values in an in by default, and refuses one more', () => {
    const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    expect(
      Specification.fromJSON({ version: 1, spec: { op: 'in', field: 'status', values } }).isSatisfiedBy({
        status: 'v999',
      }),
    ).toBe(true);
    const error = rejection(() =>
      Specification.fromJSON({ version: 1, spec: { op: 'in', field: 'status', values: [...values, 'x'] } }),
    );
    expect(error).toMatchObject({ field: 'spec.values', rule: 'too_many_values' });
  });

  it('refuses a huge list fast, wherever it is, before looking at its items', () => {
    const values = Array.from({ length: 1_000_000 }, () => 'x');
    const started = performance.now();
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'in', field: 'a', values } })),
    ).toMatchObject({
      rule: 'too_many_values',
    });
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'eq', field: 'a', value: values } })),
    ).toMatchObject({
      rule: 'too_many_values',
    });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('counts nodes: 1,000 by default', () => {
    const of = Array.from({ length: 999 }, (_, i) => leaf(i));
    expect(Specification.fromJSON({ version: 1, spec: { op: 'or', of } }).isSatisfiedBy({ status: 's998' })).toBe(true);
    const error = rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'or', of: [...of, leaf(999)] } }));
    expect(error).toMatchObject({ field: 'spec.of.999', rule: 'too_many_nodes' });
  });

  it('bounds every string: values, fields, names and keys', () => {
    const long = 'x'.repeat(1001);
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'eq', field: 'a', value: long } })),
    ).toMatchObject({
      field: 'spec.value',
      rule: 'too_long',
    });
    expect(rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'isNull', field: long } }))).toMatchObject({
      rule: 'too_long',
    });
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'isNull', field: 'a', name: long } })),
    ).toMatchObject({
      rule: 'too_long',
    });
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: { op: 'isNull', field: 'a', [long]: 1 } })),
    ).toMatchObject({
      rule: 'too_long',
    });
    expect(
      Specification.fromJSON({ version: 1, spec: { op: 'eq', field: 'a', value: 'x'.repeat(1000) } }).isSatisfiedBy({
        a: 'x'.repeat(1000),
      }),
    ).toBe(true);
  });

  it('takes limits of your own, up or down', () => {
    const values = Array.from({ length: 5000 }, (_, i) => i);
    const json = { version: 1, spec: { op: 'in', field: 'n', values } };
    expect(Specification.fromJSON(json, { limits: { maxListValues: 5000 } }).isSatisfiedBy({ n: 4999 })).toBe(true);
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: leaf(1) }, { limits: { maxStringLength: 5 } })),
    ).toMatchObject({
      rule: 'too_long',
    });
    expect(
      rejection(() =>
        Specification.fromJSON({ version: 1, spec: { op: 'not', of: leaf(1) } }, { limits: { maxNodes: 1 } }),
      ),
    ).toMatchObject({ rule: 'too_many_nodes' });
    expect(Specification.safeFromJSON(json, { limits: { maxListValues: 10 } })).toMatchObject({
      success: false,
      error: { rule: 'too_many_values' },
    });
  });

  it.each([0, -1, 1.5, Number.NaN, '10'])('refuses the limit %s', (limit) => {
    expect(
      rejection(() => Specification.fromJSON({ version: 1, spec: leaf(1) }, { limits: { maxNodes: limit as number } })),
    ).toMatchObject({ subject: 'FromJSONOptions', field: 'limits.maxNodes', rule: 'invalid_limit' });
  });

  it('refuses a date literal outside years 1 to 9999', () => {
    expect(
      rejection(() =>
        Specification.fromJSON({
          version: 1,
          spec: { op: 'gt', field: 'at', value: { $date: '0000-06-01T00:00:00Z' } },
        }),
      ),
    ).toMatchObject({ field: 'spec.value', rule: 'date_out_of_range' });
    expect(
      rejection(() =>
        Specification.fromJSON({
          version: 1,
          spec: {
            op: 'in',
            field: 'at',
            values: [{ $date: '2026-01-01T00:00:00Z' }, { $date: '0000-01-01T00:00:00Z' }],
          },
        }),
      ),
    ).toMatchObject({ field: 'spec.values.1', rule: 'date_out_of_range' });
  });
});
