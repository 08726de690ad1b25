import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../src/index.js';
import { explain, Specification, spec, toPredicate } from '../../src/specification/index.js';
import { FakeMoney } from './Money.fixture.js';

interface Order {
  status: 'pending' | 'paid' | 'cancelled';
  total: number;
  price: FakeMoney<'EUR'>;
  createdAt: Date;
  customer: { name: string; vip: boolean };
}

const order: Order = {
  status: 'pending',
  total: 40,
  price: FakeMoney.of('40.00', 'EUR'),
  createdAt: new Date('2026-01-10T00:00:00Z'),
  customer: { name: 'Ada', vip: false },
};
const o = spec.for<Order>();
const isPending = o.eq('status', 'pending').named('isPending');
const isLarge = o.gt('total', 100).named('isLarge');
const isVip = o.eq('customer.vip', true).named('isVip');

describe('composition', () => {
  it('and, or, not, all and any combine results', () => {
    expect(isPending.and(isLarge).isSatisfiedBy(order)).toBe(false);
    expect(isPending.or(isLarge).isSatisfiedBy(order)).toBe(true);
    expect(isLarge.not().isSatisfiedBy(order)).toBe(true);
    expect(spec.not(isPending).isSatisfiedBy(order)).toBe(false);
    expect(Specification.all<Order>([]).isSatisfiedBy(order)).toBe(true);
    expect(Specification.any<Order>([]).isSatisfiedBy(order)).toBe(false);
    expect(spec.all([isPending, isLarge.not()]).isSatisfiedBy(order)).toBe(true);
    expect(spec.any([isLarge, isVip]).isSatisfiedBy(order)).toBe(false);
  });

  it('flattens unnamed chains and keeps named groups', () => {
    const chained = o.eq('status', 'paid').and(isLarge).and(isVip);
    expect(chained.node).toMatchObject({ op: 'and', of: [{ op: 'eq' }, { name: 'isLarge' }, { name: 'isVip' }] });
    const grouped = isPending.and(isLarge).named('urgent').and(isVip);
    expect(grouped.node).toMatchObject({ op: 'and', of: [{ op: 'and', name: 'urgent' }, { name: 'isVip' }] });
    expect(grouped.name).toBeUndefined();
  });

  it('is immutable: combining returns new specifications and leaves the parts alone', () => {
    const before = JSON.stringify(isPending);
    isPending.and(isLarge).not().named('x');
    expect(JSON.stringify(isPending)).toBe(before);
    expect(Object.isFrozen(isPending)).toBe(true);
    expect(Object.isFrozen(isPending.node)).toBe(true);
  });

  it('compiles once: toPredicate returns the same function, and isSatisfiedBy agrees with it', () => {
    const urgent = isPending.and(isLarge);
    expect(toPredicate(urgent)).toBe(urgent.toPredicate());
    expect([order, { ...order, total: 500 }].filter(urgent.toPredicate())).toHaveLength(1);
  });

  it('refuses a name that is empty, and non-specifications', () => {
    expect(() => isPending.named('')).toThrow(TypeError);
    expect(() => isPending.and({} as never)).toThrow(TypeError);
  });
});

describe('predicate specifications', () => {
  const hasShortName = spec.predicate<Order>('hasShortName', (candidate) => candidate.customer.name.length < 5);

  it('run in memory, combine with queries and make the result not translatable', () => {
    expect(hasShortName.isSatisfiedBy(order)).toBe(true);
    expect(hasShortName.translatable).toBe(false);
    expect(isPending.translatable).toBe(true);
    const both = isPending.and(hasShortName.not());
    expect(both.isSatisfiedBy(order)).toBe(false);
    expect(both.translatable).toBe(false);
    expect(both.toJSON().spec).toEqual({
      op: 'and',
      of: [
        { op: 'eq', field: 'status', value: 'pending', name: 'isPending' },
        { op: 'not', of: { op: 'predicate', name: 'hasShortName' } },
      ],
    });
  });

  it('travel as JSON by name, and come back with the function the reader supplies', () => {
    const json = JSON.parse(JSON.stringify(isPending.and(hasShortName)));
    const back = Specification.fromJSON<Order>(json, {
      predicates: { hasShortName: (candidate) => candidate.customer.name.length < 5 },
    });
    expect(back.isSatisfiedBy(order)).toBe(true);
    expect(back.isSatisfiedBy({ ...order, customer: { name: 'Augusta', vip: false } })).toBe(false);
    expect(() => Specification.fromJSON(json)).toThrow(ValidationError);
    try {
      Specification.fromJSON(json);
    } catch (error) {
      expect(error).toMatchObject({ field: 'spec.of.1.name', rule: 'unknown_predicate' });
    }
  });

  it('cannot combine two different rules under one name', () => {
    const other = spec.predicate<Order>('hasShortName', () => false);
    expect(() => hasShortName.and(other)).toThrow(/hasShortName/);
    expect(hasShortName.and(hasShortName.not()).isSatisfiedBy(order)).toBe(false);
  });
});

describe('explain', () => {
  it('is satisfied with no failures when the specification holds', () => {
    expect(explain(isPending, order)).toEqual({ satisfied: true, failures: [] });
  });

  it('lists the failed leaves of an and, with field, operator, expected and actual values', () => {
    const rule = isPending.and(isLarge, o.lt('createdAt', new Date('2026-01-01T00:00:00Z'))).named('urgent');
    const { satisfied, failures } = rule.explain(order);
    expect(satisfied).toBe(false);
    expect(failures).toEqual([
      {
        name: 'isLarge',
        within: ['urgent'],
        field: 'total',
        operator: 'gt',
        negated: false,
        expected: 100,
        actual: 40,
        message: 'isLarge: total should be greater than 100 but is 40',
      },
      {
        within: ['urgent'],
        field: 'createdAt',
        operator: 'lt',
        negated: false,
        expected: new Date('2026-01-01T00:00:00Z'),
        actual: order.createdAt,
        message: 'createdAt should be less than 2026-01-01T00:00:00.000Z but is 2026-01-10T00:00:00.000Z',
      },
    ]);
  });

  it('lists every alternative of a failed or', () => {
    const { failures } = isLarge.or(isVip).explain(order);
    expect(failures.map((f) => f.name)).toEqual(['isLarge', 'isVip']);
  });

  it('under not, reports the leaves that held when they should not have', () => {
    const { failures } = isPending.not().explain(order);
    expect(failures).toEqual([
      expect.objectContaining({
        name: 'isPending',
        negated: true,
        message: 'isPending: status should not be equal to "pending" but is "pending"',
      }),
    ]);
    // not (a or b) fails through the alternatives that held; not (a and b) through all of them.
    expect(
      isPending
        .or(isLarge)
        .not()
        .explain(order)
        .failures.map((f) => f.name),
    ).toEqual(['isPending']);
    const both = isPending.and(o.lt('total', 100).named('isSmall')).not();
    expect(both.explain(order).failures.map((f) => [f.name, f.negated])).toEqual([
      ['isPending', true],
      ['isSmall', true],
    ]);
    // Double negation explains like the original.
    expect(isLarge.not().not().explain(order).failures).toEqual(isLarge.explain(order).failures);
  });

  it('shows money, lists, ranges, missing values and predicates readably', () => {
    const cheap = o.lt('price', FakeMoney.of('10.00', 'EUR'));
    expect(cheap.explain(order).failures[0]).toMatchObject({
      expected: { amount: '10.00', currency: 'EUR' },
      actual: order.price,
      message: 'price should be less than 10.00 EUR but is 40.00 EUR',
    });
    expect(o.in('status', ['paid', 'cancelled']).explain(order).failures[0]?.message).toBe(
      'status should be one of ["paid", "cancelled"] but is "pending"',
    );
    expect(o.between('total', 50, 60).explain(order).failures[0]).toMatchObject({
      expected: [50, 60],
      message: 'total should be between 50 and 60 but is 40',
    });
    const missing = { ...order, customer: undefined } as unknown as Order;
    expect(o.eq('customer.name', 'Ada').explain(missing).failures[0]?.message).toBe(
      'customer.name should be equal to "Ada" but is missing',
    );
    expect(o.isNull('status').explain(order).failures[0]).not.toHaveProperty('expected');
    const never = spec.predicate<Order>('never', () => false);
    expect(never.explain(order).failures).toEqual([
      { name: 'never', within: [], operator: 'predicate', negated: false, message: 'never is not satisfied' },
    ]);
  });
});

describe('JSON', () => {
  const rule = isPending
    .and(o.between('createdAt', new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z')))
    .and(o.gte('price', FakeMoney.of('9.90', 'EUR')), o.in('status', ['pending', 'paid']).not())
    .or(o.contains('customer.name', 'da'), o.isNull('total'))
    .named('complex');

  it('writes a versioned, plain AST with tagged dates and money', () => {
    const json = JSON.parse(JSON.stringify(rule));
    expect(json.version).toBe(1);
    expect(JSON.stringify(json)).toContain('{"$date":"2026-01-01T00:00:00.000Z"}');
    expect(JSON.stringify(json)).toContain('{"$money":{"amount":"9.90","currency":"EUR"}}');
    expect(json).toEqual(rule.toJSON());
  });

  it('reads back (from a value or a string) to an equal AST with the same results', () => {
    const text = JSON.stringify(rule);
    for (const back of [Specification.fromJSON<Order>(JSON.parse(text)), Specification.fromJSON<Order>(text)]) {
      expect(back.node).toEqual(rule.node);
      expect(back.isSatisfiedBy(order)).toBe(rule.isSatisfiedBy(order));
      expect(Object.isFrozen(back.node)).toBe(true);
    }
  });

  const bad: [string, unknown, string, string][] = [
    ['not JSON', '{"version":1,', '', 'invalid_json'],
    ['a missing version', { spec: { op: 'isNull', field: 'a' } }, 'version', 'invalid_value'],
    ['another version', { version: 2, spec: { op: 'isNull', field: 'a' } }, 'version', 'invalid_value'],
    [
      'an unknown operator',
      { version: 1, spec: { op: 'regex', field: 'a', value: '.*' } },
      'spec.op',
      'unknown_operator',
    ],
    [
      'an unknown nested operator',
      {
        version: 1,
        spec: {
          op: 'and',
          of: [
            { op: 'isNull', field: 'a' },
            { op: 'xor', of: [] },
          ],
        },
      },
      'spec.of.1.op',
      'unknown_operator',
    ],
    ['a missing operator', { version: 1, spec: { field: 'a' } }, 'spec.op', 'unknown_operator'],
    [
      'not with a list',
      { version: 1, spec: { op: 'not', of: [{ op: 'isNull', field: 'a' }] } },
      'spec.of',
      'invalid_type',
    ],
    [
      'and with one node',
      { version: 1, spec: { op: 'and', of: { op: 'isNull', field: 'a' } } },
      'spec.of',
      'invalid_type',
    ],
    ['in without a list', { version: 1, spec: { op: 'in', field: 'a', values: 'x' } }, 'spec.values', 'invalid_type'],
    ['between without high', { version: 1, spec: { op: 'between', field: 'a', low: 1 } }, 'spec.high', 'invalid_union'],
    [
      'eq with two values',
      { version: 1, spec: { op: 'eq', field: 'a', value: 1, values: [2] } },
      'spec',
      'unrecognized_keys',
    ],
    [
      'an object literal',
      { version: 1, spec: { op: 'eq', field: 'a', value: { x: 1 } } },
      'spec.value',
      'invalid_union',
    ],
    [
      'a bad date',
      { version: 1, spec: { op: 'lt', field: 'a', value: { $date: 'yesterday' } } },
      'spec.value.$date',
      'invalid_format',
    ],
    ['contains a number', { version: 1, spec: { op: 'contains', field: 'a', value: 1 } }, 'spec.value', 'invalid_type'],
    ['an empty field', { version: 1, spec: { op: 'isNull', field: '' } }, 'spec.field', 'invalid_field'],
    [
      'a __proto__ key',
      JSON.parse('{"version":1,"spec":{"op":"isNull","field":"a","__proto__":{"x":1}}}'),
      'spec.__proto__',
      'forbidden_key',
    ],
    [
      'a constructor key',
      { version: 1, spec: { op: 'isNull', field: 'a', constructor: 1 } },
      'spec.constructor',
      'forbidden_key',
    ],
    ['a __proto__ path', { version: 1, spec: { op: 'isNull', field: 'a.__proto__.b' } }, 'spec.field', 'forbidden_key'],
    [
      'a constructor path',
      { version: 1, spec: { op: 'eq', field: 'constructor', value: 1 } },
      'spec.field',
      'forbidden_key',
    ],
    ['an empty name', { version: 1, spec: { op: 'isNull', field: 'a', name: '' } }, 'spec.name', 'too_small'],
  ];

  it.each(bad)('rejects %s with a ValidationError naming the field and rule', (_, json, field, rule) => {
    let thrown: unknown;
    try {
      Specification.fromJSON(json);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ subject: 'Specification', field, rule });
  });

  it('safeFromJSON returns the specification or the ValidationError, as zod safeParse does', () => {
    const ok = Specification.safeFromJSON<Order>(JSON.stringify(isPending));
    expect(ok.success && ok.data.isSatisfiedBy(order)).toBe(true);
    const bad = Specification.safeFromJSON({ version: 1, spec: { op: 'like', field: 'a' } });
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.error).toMatchObject({ field: 'spec.op', rule: 'unknown_operator' });
  });

  it('rejects hostile nesting before it can exhaust the stack', () => {
    let node: unknown = { op: 'isNull', field: 'a' };
    for (let i = 0; i < 10_000; i++) node = { op: 'not', of: node };
    expect(() => Specification.fromJSON({ version: 1, spec: node })).toThrow(
      expect.objectContaining({ rule: 'too_deep' }),
    );
    let value: unknown = 1;
    for (let i = 0; i < 10_000; i++) value = { x: value };
    expect(() => Specification.fromJSON({ version: 1, spec: { op: 'eq', field: 'a', value } })).toThrow(
      expect.objectContaining({ rule: 'too_deep' }),
    );
  });

  describe('with a schema of the candidates', () => {
    const OrderSchema = z.object({
      status: z.enum(['pending', 'paid', 'cancelled']),
      total: z.number(),
      createdAt: z.date(),
      customer: z
        .object({ name: z.string(), vip: z.boolean(), address: z.object({ city: z.string() }).nullable() })
        .optional(),
    });

    it('accepts paths of the schema, through optional and nullable objects', () => {
      const json = spec.eq('customer.address.city', 'Paris').and(spec.gt('total', 1)).toJSON();
      const parsed = Specification.fromJSON(json, OrderSchema);
      expect(
        parsed.isSatisfiedBy({
          status: 'paid',
          total: 2,
          createdAt: new Date(),
          customer: { name: 'x', vip: true, address: { city: 'Paris' } },
        }),
      ).toBe(true);
      expect(Specification.fromJSON(json, { schema: OrderSchema }).node).toEqual(json.spec);
    });

    it.each([
      [spec.eq('customer.email', 'x').toJSON(), 'spec.field'],
      [spec.eq('total.amount', 1).toJSON(), 'spec.field'],
      [spec.isNull('status').or(spec.eq('statuz', 'paid')).toJSON(), 'spec.of.1.field'],
    ])('rejects a path the schema does not have (%#)', (json, field) => {
      expect(() => Specification.fromJSON(json, OrderSchema)).toThrow(
        expect.objectContaining({ field, rule: 'unknown_field' }),
      );
    });
  });
});
