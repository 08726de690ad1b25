import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineValueObject, ValidationError, ValueObject } from '../../src/index.js';

const addressSchema = z.strictObject({
  street: z.string().min(1),
  city: z.string().min(1),
  zip: z.string().regex(/^\d{5}$/),
});

class Address extends defineValueObject('Address', addressSchema) {
  get label(): string {
    return `${this.props.street}, ${this.props.zip} ${this.props.city}`;
  }
}

const valid = { street: '1 Main St', city: 'Springfield', zip: '12345' };

describe('defineValueObject', () => {
  it('creates a frozen instance of the subclass with validated props', () => {
    const address = Address.create(valid);
    expect(address).toBeInstanceOf(Address);
    expect(address).toBeInstanceOf(ValueObject);
    expect(address.label).toBe('1 Main St, 12345 Springfield');
    expect(Object.isFrozen(address)).toBe(true);
    expect(Object.isFrozen(address.props)).toBe(true);
    expect(Address.name).toBe('Address');
    expect(Address.valueObjectName).toBe('Address');
    expect(Address.schema).toBe(addressSchema);
  });

  it('does not keep a reference to the caller’s input', () => {
    const input = { ...valid };
    const address = Address.create(input);
    input.city = 'Shelbyville';
    expect(address.props.city).toBe('Springfield');
  });

  it('cannot be built with new around validation', () => {
    const Unsafe = Address as unknown as new (props: unknown, token: unknown) => Address;
    expect(() => new Unsafe({ street: '' }, {})).toThrow(/Use Address.create/);
  });

  it.each([
    ['a wrong type', { ...valid, zip: 12345 }, 'zip', 'invalid_type'],
    ['a missing field', { street: '1 Main St', city: 'Springfield' }, 'zip', 'invalid_type'],
    ['an empty string', { ...valid, street: '' }, 'street', 'too_small'],
    ['a broken format', { ...valid, zip: '1234' }, 'zip', 'invalid_format'],
    ['an extra field on a strict schema', { ...valid, country: 'US' }, '', 'unrecognized_keys'],
    [
      'a __proto__ key',
      JSON.parse('{"street":"1 Main St","city":"S","zip":"12345","__proto__":{"admin":true}}'),
      '__proto__',
      'forbidden_key',
    ],
    ['null', null, '', 'invalid_type'],
    ['a string', 'Main St', '', 'invalid_type'],
    ['an array', [valid], '', 'invalid_type'],
  ])('rejects %s with a ValidationError naming the field and rule', (_, input, field, rule) => {
    let caught: unknown;
    try {
      Address.create(input as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect([error.subject, error.field, error.rule]).toEqual(['Address', field, rule]);
    expect(error.message).toMatch(/^Invalid Address: /);
    const safe = Address.safeCreate(input);
    expect(safe.success).toBe(false);
    if (!safe.success) expect(safe.error.rule).toBe(rule);
  });

  it('rejects __proto__, constructor and prototype keys at any depth in non-strict schemas', () => {
    class Profile extends defineValueObject(
      'Profile',
      z.object({
        name: z.string(),
        tags: z.array(z.object({ label: z.string() })),
        extra: z.record(z.string(), z.string()),
      }),
    ) {}
    const cases = [
      ['{"name":"a","tags":[],"extra":{},"__proto__":{"x":1}}', '__proto__'],
      ['{"name":"a","tags":[{"label":"b","__proto__":{"x":1}}],"extra":{}}', 'tags.0.__proto__'],
      ['{"name":"a","tags":[],"extra":{"constructor":"x"}}', 'extra.constructor'],
      ['{"name":"a","tags":[],"extra":{"prototype":"x"}}', 'extra.prototype'],
    ] as const;
    for (const [json, field] of cases) {
      const result = Profile.safeCreate(JSON.parse(json));
      expect(result.success).toBe(false);
      if (!result.success) expect([result.error.field, result.error.rule]).toEqual([field, 'forbidden_key']);
      expect(() => Profile.create(JSON.parse(json))).toThrow(ValidationError);
    }
    expect(Profile.safeCreate({ name: 'a', tags: [{ label: 'b' }], extra: { k: 'v' } }).success).toBe(true);
  });

  it('compares structurally, whatever the key order', () => {
    const a = Address.create(valid);
    const b = Address.create({ zip: '12345', city: 'Springfield', street: '1 Main St' });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(a)).toBe(true);
    expect(a.equals(Address.create({ ...valid, zip: '54321' }))).toBe(false);
    expect(a.equals(null)).toBe(false);
    expect(a.equals(undefined)).toBe(false);
  });

  it('is never equal to a value of another class with the same props', () => {
    class Other extends defineValueObject('Other', addressSchema) {}
    expect(Address.create(valid).equals(Other.create(valid) as never)).toBe(false);
  });

  it('deep-freezes nested props and compares nested values, arrays, dates and decimals', () => {
    class Shipment extends defineValueObject(
      'Shipment',
      z.object({
        to: z.object({ lines: z.array(z.string()) }),
        at: z.date(),
        weight: z.instanceof(Decimal),
        parcels: z.array(z.object({ id: z.string() })),
      }),
    ) {}
    const make = () =>
      Shipment.create({
        to: { lines: ['a', 'b'] },
        at: new Date('2026-01-01'),
        weight: new Decimal('1.50'),
        parcels: [{ id: 'p' }],
      });
    const shipment = make();
    expect(Object.isFrozen(shipment.props.to)).toBe(true);
    expect(Object.isFrozen(shipment.props.to.lines)).toBe(true);
    expect(Object.isFrozen(shipment.props.parcels[0])).toBe(true);
    expect(() => {
      (shipment.props.to.lines as string[]).push('c');
    }).toThrow(TypeError);
    expect(shipment.equals(make())).toBe(true);
    expect(
      shipment.equals(
        Shipment.create({
          to: { lines: ['a', 'b'] },
          at: new Date('2026-01-02'),
          weight: new Decimal('1.5'),
          parcels: [{ id: 'p' }],
        }),
      ),
    ).toBe(false);
    expect(
      shipment.equals(
        Shipment.create({
          to: { lines: ['a'] },
          at: new Date('2026-01-01'),
          weight: new Decimal('1.5'),
          parcels: [{ id: 'p' }],
        }),
      ),
    ).toBe(false);
    expect(
      shipment.equals(
        Shipment.create({
          to: { lines: ['a', 'b'] },
          at: new Date('2026-01-01'),
          weight: new Decimal('1.5'),
          parcels: [{ id: 'p' }],
        }),
      ),
    ).toBe(true);
  });

  it('compares nested value objects by value', () => {
    const Point = defineValueObject('Point', z.object({ x: z.number(), y: z.number() }));
    class Segment extends defineValueObject(
      'Segment',
      z.object({ from: z.instanceof(Point), to: z.instanceof(Point) }),
    ) {}
    const s1 = Segment.create({ from: Point.create({ x: 0, y: 0 }), to: Point.create({ x: 1, y: 1 }) });
    const s2 = Segment.create({ from: Point.create({ x: 0, y: 0 }), to: Point.create({ x: 1, y: 1 }) });
    const s3 = Segment.create({ from: Point.create({ x: 0, y: 0 }), to: Point.create({ x: 1, y: 2 }) });
    expect(s1.equals(s2)).toBe(true);
    expect(s1.equals(s3)).toBe(false);
  });

  it('returns a new validated value from with()', () => {
    const address = Address.create(valid);
    const moved = address.with({ city: 'Capital City' });
    expect(moved).toBeInstanceOf(Address);
    expect(moved.props).toEqual({ ...valid, city: 'Capital City' });
    expect(address.props.city).toBe('Springfield');
    expect(() => address.with({ zip: 'nope' })).toThrow(ValidationError);
  });

  it('serialises to its props', () => {
    expect(JSON.parse(JSON.stringify(Address.create(valid)))).toEqual(valid);
  });

  it('is reflexive, symmetric and key-order independent (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 8 });
    const zip = fc.stringMatching(/^\d{5}$/);
    fc.assert(
      fc.property(text, text, zip, text, text, zip, (s1, c1, z1, s2, c2, z2) => {
        const a = Address.create({ street: s1, city: c1, zip: z1 });
        const b = Address.create({ zip: z2, city: c2, street: s2 });
        const same = s1 === s2 && c1 === c2 && z1 === z2;
        expect(a.equals(a)).toBe(true);
        expect(a.equals(b)).toBe(same);
        expect(b.equals(a)).toBe(same);
        expect(a.equals(Address.create({ zip: z1, street: s1, city: c1 }))).toBe(true);
      }),
    );
  });
});

describe('ValueObject subclassed by hand', () => {
  class Temperature extends ValueObject<{ celsius: number; tags: string[] }> {
    static create(props: { celsius: number; tags: string[] }): Temperature {
      if (props.celsius < -273.15)
        throw ValidationError.of('Temperature', 'celsius', 'too_small', 'Below absolute zero');
      return new Temperature(props);
    }
  }
  class NoFactory extends ValueObject<{ a: number }> {
    static make(a: number): NoFactory {
      return new NoFactory({ a });
    }
  }

  it('freezes props deeply and goes through the static create in with()', () => {
    const t = Temperature.create({ celsius: 20, tags: ['room'] });
    expect(Object.isFrozen(t.props.tags)).toBe(true);
    expect(t.with({ celsius: 21 }).props.celsius).toBe(21);
    expect(() => t.with({ celsius: -300 })).toThrow(ValidationError);
    expect(t.equals(Temperature.create({ celsius: 20, tags: ['room'] }))).toBe(true);
    expect(t.equals(Temperature.create({ celsius: 20, tags: ['room', 'x'] }))).toBe(false);
  });

  it('explains that with() needs a static create', () => {
    expect(() => NoFactory.make(1).with({ a: 2 })).toThrow(/NoFactory has no static create/);
  });
});
