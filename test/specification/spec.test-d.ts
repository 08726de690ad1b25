import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { AggregateRoot, defineValueObject } from '../../src/index.js';
import { type Path, Specification, spec, type ValueAt } from '../../src/specification/index.js';
import { FakeMoney } from './Money.fixture.js';

interface Order {
  id: string;
  status: 'pending' | 'paid';
  total: number;
  price: FakeMoney<'EUR'>;
  createdAt: Date;
  express: boolean;
  note?: string | null;
  tags: string[];
  address: { country: 'FR' | 'DE'; city: string; geo?: { lat: number } };
  confirm(): void;
}

describe('typed paths', () => {
  it('lists nested paths, without methods, and stops at leaves (dates, money, arrays)', () => {
    expectTypeOf<Path<Order>>().toEqualTypeOf<
      | 'id'
      | 'status'
      | 'total'
      | 'price'
      | 'createdAt'
      | 'express'
      | 'note'
      | 'tags'
      | 'address'
      | 'address.country'
      | 'address.city'
      | 'address.geo'
      | 'address.geo.lat'
    >();
    expectTypeOf<ValueAt<Order, 'address.country'>>().toEqualTypeOf<'FR' | 'DE'>();
    expectTypeOf<ValueAt<Order, 'note'>>().toEqualTypeOf<string>();
  });

  it('accepts a path with a value of its type', () => {
    expectTypeOf(spec.eq<Order>('address.country', 'FR')).toEqualTypeOf<Specification<Order>>();
    spec.eq<Order>('status', 'pending');
    spec.gt<Order>('total', 100);
    spec.lt<Order>('createdAt', new Date());
    spec.gte<Order>('price', FakeMoney.of('10', 'EUR'));
    spec.in<Order>('status', ['pending', 'paid']);
    spec.between<Order>('address.geo.lat', -10, 10);
    spec.startsWith<Order>('address.city', 'Par');
    spec.isNull<Order>('note');
    spec.eq<Order>('express', true);
  });

  it('rejects a wrong path', () => {
    // @ts-expect-error: no such field
    spec.eq<Order>('address.countri', 'FR');
    // @ts-expect-error: no such field
    spec.isNull<Order>('statuz');
    // @ts-expect-error: methods are not fields
    spec.eq<Order>('confirm', 'x');
    // @ts-expect-error: an object is not comparable
    spec.eq<Order>('address', 'FR');
    // @ts-expect-error: arrays are not compared
    spec.eq<Order>('tags', 'x');
  });

  it('rejects a value of the wrong type', () => {
    // @ts-expect-error: not one of the statuses
    spec.eq<Order>('status', 'shipped');
    // @ts-expect-error: total is a number
    spec.gt<Order>('total', '100');
    // @ts-expect-error: a date, not a string
    spec.lt<Order>('createdAt', '2026-01-01');
    // @ts-expect-error: EUR money, not USD
    spec.gt<Order>('price', FakeMoney.of('10', 'USD'));
    // @ts-expect-error: booleans have no order
    spec.gt<Order>('express', false);
    // @ts-expect-error: string operators need a string field
    spec.contains<Order>('total', '1');
    // @ts-expect-error: not a country
    spec.in<Order>('address.country', ['FR', 'IT']);
    // @ts-expect-error: both bounds are numbers
    spec.between<Order>('total', 1, '2');
  });

  it('binds T once with spec.for', () => {
    const o = spec.for<Order>();
    expectTypeOf(o.eq('status', 'paid').and(o.gt('total', 1))).toEqualTypeOf<Specification<Order>>();
    // @ts-expect-error: not a status
    o.eq('status', 'open');
    expectTypeOf(o.predicate('big', (order) => order.total > 100)).toEqualTypeOf<Specification<Order>>();
  });

  it('is untyped without T, and such a spec composes with typed ones', () => {
    const loose = spec.eq('anything.at.all', 1);
    expectTypeOf(loose).toEqualTypeOf<Specification<unknown>>();
    const typed: Specification<Order> = spec.eq<Order>('status', 'paid').and(loose);
    expectTypeOf(typed.isSatisfiedBy).parameter(0).toEqualTypeOf<Order>();
  });
});

describe('entities and value objects', () => {
  class Address extends defineValueObject('Address', z.strictObject({ country: z.string(), city: z.string() })) {}
  class Shipment extends AggregateRoot<string & { readonly __brand: 'ShipmentId' }, { weight: number; to: Address }> {}

  it('paths walk an entity as id + props and a value object as its props', () => {
    expectTypeOf<Path<Shipment>>().toEqualTypeOf<'id' | 'weight' | 'to' | 'to.country' | 'to.city'>();
    spec.gt<Shipment>('weight', 1);
    spec.eq<Shipment>('to.city', 'Berlin');
    // @ts-expect-error: props are not a path segment
    spec.eq<Shipment>('props.weight', 1);
    // @ts-expect-error: version is not a stored field
    spec.eq<Shipment>('version', 1);
  });
});

describe('fromJSON', () => {
  it('takes T from the schema', () => {
    const schema = z.object({ status: z.string() });
    expectTypeOf(Specification.fromJSON({}, schema)).toEqualTypeOf<Specification<{ status: string }>>();
  });
});
