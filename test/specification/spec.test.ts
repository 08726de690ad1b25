import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AggregateRoot, defineValueObject, ValidationError } from '../../src/index.js';
import { compileNode } from '../../src/specification/compileNode.js';
import { type Specification, spec } from '../../src/specification/index.js';
import { FakeMoney } from './Money.fixture.js';

interface Order {
  id: string;
  status: 'pending' | 'paid' | 'cancelled';
  total: number;
  price?: FakeMoney<'EUR'>;
  createdAt: Date;
  note?: string | null | undefined;
  express?: boolean;
  customer: { name: string; address?: { country: string; city: string } | null };
}

const at = (iso: string) => new Date(iso);
const base: Order = {
  id: 'o-1',
  status: 'pending',
  total: 150,
  price: FakeMoney.of('19.99', 'EUR'),
  createdAt: at('2026-01-10T00:00:00Z'),
  note: 'leave at the door',
  express: false,
  customer: { name: 'Ada Lovelace', address: { country: 'FR', city: 'Paris' } },
};
const order = (patch: Partial<Order> = {}): Order => ({ ...base, ...patch });

/** Evaluates with the generated code, the closures and explain, which must all agree. */
function check(specification: Specification<Order>, candidate: unknown): boolean {
  const generated = specification.isSatisfiedBy(candidate as Order);
  expect(compileNode(specification.node, new Map(), false)(candidate)).toBe(generated);
  expect(specification.explain(candidate as Order).satisfied).toBe(generated);
  return generated;
}

const o = spec.for<Order>();

describe('field leaves', () => {
  it('eq and ne compare strictly, ne being exactly not eq', () => {
    expect(check(o.eq('status', 'pending'), order())).toBe(true);
    expect(check(o.eq('status', 'paid'), order())).toBe(false);
    expect(check(o.eq('total', 150), order())).toBe(true);
    expect(check(o.eq('total', 150), { ...order(), total: '150' })).toBe(false);
    expect(check(o.eq('express', false), order())).toBe(true);
    expect(check(o.ne('status', 'paid'), order())).toBe(true);
    expect(check(o.ne('status', 'pending'), order())).toBe(false);
    expect(check(o.ne('note', 'x'), order({ note: null }))).toBe(true);
  });

  it('orders numbers, strings and dates, and is false for missing values or another kind', () => {
    expect(check(o.gt('total', 100), order())).toBe(true);
    expect(check(o.gt('total', 150), order())).toBe(false);
    expect(check(o.gte('total', 150), order())).toBe(true);
    expect(check(o.lt('total', 150), order())).toBe(false);
    expect(check(o.lte('total', 150), order())).toBe(true);
    expect(check(o.gt('total', 1), { ...order(), total: Number.NaN })).toBe(false);
    expect(check(o.gt('total', 1), { ...order(), total: '200' })).toBe(false);
    expect(check(o.lt('status', 'paid'), order())).toBe(false);
    expect(check(o.gt('status', 'paid'), order())).toBe(true);
    expect(check(o.lt('createdAt', at('2026-01-11T00:00:00Z')), order())).toBe(true);
    expect(check(o.gte('createdAt', at('2026-01-10T00:00:00Z')), order())).toBe(true);
    expect(check(o.eq('createdAt', at('2026-01-10T00:00:00Z')), order())).toBe(true);
    expect(check(o.lt('createdAt', at('2027-01-01T00:00:00Z')), { ...order(), createdAt: '2026-01-10' })).toBe(false);
    expect(check(o.lt('createdAt', at('2027-01-01T00:00:00Z')), order({ createdAt: new Date(Number.NaN) }))).toBe(
      false,
    );
  });

  it('compares Money by amount, and only within its currency', () => {
    const eur = (amount: string) => FakeMoney.of(amount, 'EUR');
    expect(check(o.gt('price', eur('10.00')), order())).toBe(true);
    expect(check(o.gt('price', eur('19.99')), order())).toBe(false);
    expect(check(o.eq('price', eur('19.99')), order())).toBe(true);
    expect(check(o.lte('price', eur('20')), order())).toBe(true);
    expect(check(o.between('price', eur('19.99'), eur('19.99')), order())).toBe(true);
    expect(check(o.in('price', [eur('1.00'), eur('19.99')]), order())).toBe(true);
    const dollars = { ...order(), price: FakeMoney.of('19.99', 'USD') };
    expect(check(o.eq('price', eur('19.99')), dollars)).toBe(false);
    expect(check(o.gt('price', eur('1.00')), dollars)).toBe(false);
    expect(check(o.ne('price', eur('19.99')), dollars)).toBe(true);
    expect(check(o.gt('price', eur('1.00')), order({ price: undefined as never }))).toBe(false);
  });

  it('in, notIn and between', () => {
    expect(check(o.in('status', ['paid', 'pending']), order())).toBe(true);
    expect(check(o.in('status', []), order())).toBe(false);
    expect(check(o.notIn('status', ['paid']), order())).toBe(true);
    expect(check(o.notIn('status', ['pending']), order())).toBe(false);
    expect(check(o.in('createdAt', [at('2026-01-10T00:00:00Z')]), order())).toBe(true);
    const many = Array.from({ length: 12 }, (_, i) => i * 50);
    expect(check(o.in('total', many), order())).toBe(true);
    expect(check(o.notIn('total', many), order({ total: 151 }))).toBe(true);
    const days = Array.from({ length: 12 }, (_, i) => at(`2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    expect(check(o.in('createdAt', days), order())).toBe(true);
    expect(check(o.in('createdAt', days), order({ createdAt: at('2026-02-01T00:00:00Z') }))).toBe(false);
    expect(check(o.in('createdAt', [days[0] as Date, 'x' as never]), order({ createdAt: days[0] as Date }))).toBe(true);
    expect(check(o.between('total', 150, 200), order())).toBe(true);
    expect(check(o.between('total', 151, 200), order())).toBe(false);
    expect(check(o.between('total', 200, 100), order())).toBe(false);
    expect(check(o.between('createdAt', at('2026-01-01T00:00:00Z'), at('2026-01-10T00:00:00Z')), order())).toBe(true);
    expect(check(o.between('customer.name', 'A', 'B'), order())).toBe(true);
  });

  it('contains, startsWith and endsWith are case-sensitive and false for non-strings', () => {
    expect(check(o.contains('customer.name', 'Love'), order())).toBe(true);
    expect(check(o.contains('customer.name', 'love'), order())).toBe(false);
    expect(check(o.startsWith('customer.name', 'Ada'), order())).toBe(true);
    expect(check(o.endsWith('customer.name', 'lace'), order())).toBe(true);
    expect(check(o.endsWith('note', 'door'), order({ note: null }))).toBe(false);
    expect(check(o.contains('note', ''), order({ note: undefined }))).toBe(false);
  });

  it('isNull holds for null and missing fields, including missing links on the way', () => {
    expect(check(o.isNull('note'), order({ note: null }))).toBe(true);
    expect(check(o.isNull('note'), order({ note: undefined }))).toBe(true);
    expect(check(o.isNull('note'), order())).toBe(false);
    const homeless = order({ customer: { name: 'Bob', address: null } });
    expect(check(o.isNull('customer.address.country'), homeless)).toBe(true);
    expect(check(o.eq('customer.address.country', 'FR'), homeless)).toBe(false);
    expect(check(o.eq('customer.address.country', 'FR'), order())).toBe(true);
  });

  it('evaluates null and undefined candidates without throwing', () => {
    expect(check(o.isNull('status'), null)).toBe(true);
    expect(check(o.eq('status', 'pending'), undefined)).toBe(false);
    expect(check(o.eq('status', 'pending').not(), null)).toBe(true);
  });
});

describe('paths over entities and value objects', () => {
  class Address extends defineValueObject('Address', z.strictObject({ country: z.string(), city: z.string() })) {}
  interface ShipmentProps {
    status: 'open' | 'closed';
    weight: number;
    to: Address;
  }
  class Shipment extends AggregateRoot<string, ShipmentProps> {
    constructor(id: string, props: ShipmentProps) {
      super(id, props);
    }
  }
  const shipment = new Shipment('s-1', {
    status: 'open',
    weight: 3,
    to: Address.create({ country: 'DE', city: 'Berlin' }),
  });
  const s = spec.for<Shipment>();

  it('reads an entity as its id and props, and a value object as its props', () => {
    for (const [specification, expected] of [
      [s.eq('id', 's-1'), true],
      [s.eq('status', 'open'), true],
      [s.gt('weight', 2), true],
      [s.eq('to.country', 'DE'), true],
      [s.startsWith('to.city', 'Ber'), true],
      [s.eq('to.country', 'FR'), false],
      [s.isNull('to.city'), false],
      // Two leaves under one parent share its read: a value object there still reads as its props.
      [s.eq('to.country', 'DE').and(s.eq('to.city', 'Berlin')), true],
      [s.eq('to.country', 'DE').and(s.eq('to.city', 'Paris')), false],
      [s.eq('to.country', 'FR').or(s.isNull('to.city').not()), true],
    ] as const) {
      expect(specification.isSatisfiedBy(shipment)).toBe(expected);
      expect(compileNode(specification.node, new Map(), false)(shipment)).toBe(expected);
      expect(specification.explain(shipment).satisfied).toBe(expected);
    }
  });
});

describe('bad builder input', () => {
  it.each([
    [() => spec.eq('', 'x'), 'field', 'invalid_field'],
    [() => spec.eq('a..b', 'x'), 'field', 'invalid_field'],
    [() => spec.eq('__proto__', 'x'), 'field', 'forbidden_key'],
    [() => spec.eq('customer.constructor', 'x'), 'field', 'forbidden_key'],
    [() => spec.isNull('prototype'), 'field', 'forbidden_key'],
    [() => spec.gt('total', Number.NaN), 'total', 'not_finite'],
    [() => spec.lt('total', Number.POSITIVE_INFINITY), 'total', 'not_finite'],
    [() => spec.lt('createdAt', new Date('nope')), 'createdAt', 'invalid_date'],
    [() => spec.eq('meta', { a: 1 } as never), 'meta', 'unsupported_value'],
    [() => spec.in('meta', [null] as never), 'meta', 'unsupported_value'],
    [() => spec.eq('price', { toJSON: () => ({ amount: '1e3', currency: 'EUR' }) } as never), 'price', 'invalid_money'],
  ])('%# throws a ValidationError naming the field and rule', (build, field, rule) => {
    expect(build).toThrow(ValidationError);
    try {
      build();
    } catch (error) {
      expect(error).toMatchObject({ subject: 'Specification', field, rule });
    }
  });

  it('refuses predicates without a name or a function', () => {
    expect(() => spec.predicate('', () => true)).toThrow(TypeError);
    expect(() => spec.predicate('x', 'nope' as never)).toThrow(TypeError);
  });
});

describe('without eval (a Content-Security-Policy forbids new Function)', () => {
  it('falls back to closures that give the same answers', () => {
    const rule = o.eq('status', 'pending').and(o.gt('total', 100), o.lt('createdAt', at('2026-01-01T00:00:00Z')).not());
    const RealFunction = globalThis.Function;
    const forbidden = function refuse() {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    };
    globalThis.Function = forbidden as unknown as FunctionConstructor;
    let predicate: (candidate: Order) => boolean;
    try {
      predicate = rule.toPredicate();
    } finally {
      globalThis.Function = RealFunction;
    }
    expect(predicate.name).not.toBe('specification');
    for (const candidate of [order(), order({ total: 10 }), order({ createdAt: at('2025-01-01T00:00:00Z') })]) {
      expect(predicate(candidate)).toBe(compileNode(rule.node, new Map())(candidate));
    }
    expect(predicate(order())).toBe(true);
  });
});
