import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineId, ValidationError } from '../../src/index.js';

const OrderId = defineId('Order');

describe('defineId', () => {
  it('creates time-ordered uuid v7 ids', () => {
    const ids = Array.from({ length: 200 }, () => OrderId.create());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('parses a uuid and normalises it to lower case', () => {
    const id = OrderId.create();
    expect(OrderId.parse(id)).toBe(id);
    expect(OrderId.parse(id.toUpperCase())).toBe(id);
    expect(OrderId.parse('123e4567-e89b-12d3-a456-426614174000')).toBe('123e4567-e89b-12d3-a456-426614174000');
  });

  it.each([
    ['an empty string', ''],
    ['not a uuid', 'order-1'],
    ['a uuid with a bad variant', '123e4567-e89b-12d3-c456-426614174000'],
    ['a uuid of version 0', '123e4567-e89b-02d3-a456-426614174000'],
    ['the nil uuid', '00000000-0000-0000-0000-000000000000'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { id: '123e4567-e89b-12d3-a456-426614174000' }],
    ['a uuid with spaces', ' 123e4567-e89b-12d3-a456-426614174000 '],
  ])('rejects %s with a ValidationError naming the id', (_, value) => {
    expect(() => OrderId.parse(value)).toThrow(ValidationError);
    const result = OrderId.safeParse(value);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.subject).toBe('OrderId');
      expect(result.error.message).toMatch(/^Invalid OrderId: /);
    }
  });

  it('guards ids with is()', () => {
    expect(OrderId.is(OrderId.create())).toBe(true);
    expect(OrderId.is('nope')).toBe(false);
    expect(OrderId.is(7)).toBe(false);
    expect(OrderId.is(OrderId.create().toUpperCase())).toBe(false);
  });

  it('offers a zod schema that validates and normalises inside other schemas', () => {
    const schema = z.object({ orderId: OrderId.schema });
    const id = OrderId.create();
    expect(schema.parse({ orderId: id.toUpperCase() })).toEqual({ orderId: id });
    expect(schema.safeParse({ orderId: 'x' }).success).toBe(false);
  });

  it('round-trips every uuid it accepts (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        if (uuid === '00000000-0000-0000-0000-000000000000' || uuid === 'ffffffff-ffff-ffff-ffff-ffffffffffff') return;
        expect(OrderId.parse(uuid)).toBe(uuid.toLowerCase());
      }),
    );
  });

  it('rejects arbitrary strings that are not uuids (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)),
        (value) => !OrderId.safeParse(value).success,
      ),
    );
  });

  it('reports one issue for a string that is no uuid at all', () => {
    const AccountId = defineId('Account');
    const result = AccountId.safeParse('not-an-id');
    expect(result.success).toBe(false);
    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual([
      'AccountId must be a uuid',
    ]);
  });
});
