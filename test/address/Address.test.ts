import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Address } from '../../src/address/Address.js';
import type { AddressInput } from '../../src/address/AddressProps.js';
import { ValidationError } from '../../src/core/ValidationError.js';
import { ValueObject } from '../../src/core/ValueObject.js';
import { labels } from './fixtures.js';

const washington: AddressInput = {
  lines: ['1600 Pennsylvania Ave NW'],
  locality: 'Washington',
  region: 'DC',
  postalCode: '20500',
  country: 'US',
};

/** Asserts that `input` is rejected with a ValidationError naming `field` and `rule`. */
function expectRejected(input: unknown, field: string, rule: string): ValidationError {
  const result = Address.safeCreate(input);
  expect(result.success).toBe(false);
  const error = (result as { error: ValidationError }).error;
  expect(error).toBeInstanceOf(ValidationError);
  expect(error.subject).toBe('Address');
  expect({ field: error.field, rule: error.rule }).toEqual({ field, rule });
  expect(() => Address.create(input as AddressInput)).toThrow(ValidationError);
  return error;
}

describe('Address.create', () => {
  it('builds a frozen value object with the normalised props', () => {
    const address = Address.create(washington);
    expect(address).toBeInstanceOf(Address);
    expect(address).toBeInstanceOf(ValueObject);
    expect(Object.isFrozen(address)).toBe(true);
    expect(Object.isFrozen(address.props)).toBe(true);
    expect(Object.isFrozen(address.props.lines)).toBe(true);
    expect(address.toJSON()).toEqual(washington);
    expect(address.lines).toEqual(['1600 Pennsylvania Ave NW']);
    expect(address.locality).toBe('Washington');
    expect(address.region).toBe('DC');
    expect(address.postalCode).toBe('20500');
    expect(address.country).toBe('US');
    expect(address.countryName).toBe('United States');
  });

  it('trims, collapses inner whitespace (any Unicode space) and composes to NFC', () => {
    const address = Address.create({
      lines: ['  1600\t Pennsylvania\u00a0\u00a0Ave   NW ', '\n Suite  100 '],
      locality: ' Washington ',
      region: ' dc ',
      postalCode: ' 20500 ',
      country: 'us',
    });
    expect(address.toJSON()).toEqual({
      lines: ['1600 Pennsylvania Ave NW', 'Suite 100'],
      locality: 'Washington',
      region: 'DC',
      postalCode: '20500',
      country: 'US',
    });
    const decomposed = Address.create({
      lines: ['Bahnhofstrasse 1'],
      locality: 'Zu\u0308rich',
      postalCode: '8001',
      country: 'CH',
    });
    expect(decomposed.locality).toBe('Z\u00fcrich');
  });

  it('keeps the case of free text (street, locality, free-text regions)', () => {
    const address = Address.create({ lines: ['rue de Rivoli'], locality: 'paris', postalCode: '75001', country: 'FR' });
    expect(address.lines).toEqual(['rue de Rivoli']);
    expect(address.locality).toBe('paris');
    const mx = Address.create({
      lines: ['Av. Juárez 1'],
      locality: 'Centro',
      region: 'Ciudad de México',
      postalCode: '06000',
      country: 'MX',
    });
    expect(mx.region).toBe('Ciudad de México');
  });

  it.each([
    ['GB', 'sw1a1aa', 'SW1A 1AA'],
    ['GB', ' ec1a  1bb ', 'EC1A 1BB'],
    ['GB', 'gir0aa', 'GIR 0AA'],
    ['CA', 'k1a0b1', 'K1A 0B1'],
    ['CA', 'K1A 0B1', 'K1A 0B1'],
    ['NL', '1234ab', '1234 AB'],
    ['NL', '1234 ab', '1234 AB'],
    ['US', '20500-0003', '20500-0003'],
    ['US', '205000003', '20500-0003'],
    ['US', '20500 0003', '20500-0003'],
    ['JP', '1000001', '100-0001'],
    ['BR', '01310100', '01310-100'],
    ['PL', '00950', '00-950'],
    ['PT', '1100148', '1100-148'],
    ['SE', '11152', '111 52'],
    ['IN', '110 001', '110001'],
    ['IE', 'd02af30', 'D02 AF30'],
    ['AR', 'c1425abc', 'C1425ABC'],
    ['SA', '11564-1234', '11564-1234'],
    ['KE', '00100', '00100'],
    ['NG', 'ab-12 3', 'AB-12 3'],
  ] as const)('writes a %s postal code %j as %j', (country, postalCode, expected) => {
    const region = { US: 'DC', CA: 'ON', JP: 'Tokyo', BR: 'SP', IN: 'Delhi' }[country as string];
    const address = Address.create({ lines: ['1 Main Street'], locality: 'Town', region, postalCode, country });
    expect(address.postalCode).toBe(expected);
  });

  it('upper-cases US, CA and AU region codes and accepts every one of them', () => {
    expect(Address.create({ ...washington, region: 'ny', postalCode: '10001' }).region).toBe('NY');
    expect(Address.create({ ...labels.CA?.input, region: 'qc' } as AddressInput).region).toBe('QC');
    expect(Address.create({ ...labels.AU?.input, region: 'nsw' } as AddressInput).region).toBe('NSW');
    expect(Address.create({ ...washington, region: 'AE', postalCode: '09001' }).region).toBe('AE');
  });

  it('omits absent optional fields from the props and the JSON', () => {
    const address = Address.create({ lines: ['Tamar'], locality: 'Admiralty', country: 'HK', region: undefined });
    expect(address.toJSON()).toEqual({ lines: ['Tamar'], locality: 'Admiralty', country: 'HK' });
    expect(Object.keys(address.toJSON())).toEqual(['lines', 'locality', 'country']);
    expect(address.region).toBeUndefined();
    expect(address.postalCode).toBeUndefined();
  });

  it('accepts an optional postal code where it is optional, and the lenient rule elsewhere', () => {
    expect(Address.create({ lines: ['Main Street'], locality: 'Ennis', country: 'IE' }).postalCode).toBeUndefined();
    expect(Address.create({ lines: ['Main Street'], locality: 'Lagos', country: 'NG' }).postalCode).toBeUndefined();
    expect(
      Address.create({ lines: ['Main Street'], locality: 'Lagos', postalCode: '100001', country: 'NG' }).postalCode,
    ).toBe('100001');
  });

  it('does not touch or freeze the caller’s input', () => {
    const lines: [string, string?, string?] = [' 1600 Pennsylvania Ave NW '];
    const input = { ...washington, lines, country: 'us' as const };
    Address.create(input);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(lines)).toBe(false);
    expect(lines).toEqual([' 1600 Pennsylvania Ave NW ']);
    expect(input.country).toBe('us');
  });

  it('cannot be built with new, around validation', () => {
    const Ctor = Address as unknown as new (props: unknown, token: unknown) => Address;
    expect(() => new Ctor(washington, {})).toThrow(TypeError);
  });
});

describe('Address rejects bad input with a ValidationError naming the field and rule', () => {
  const base = { lines: ['Platz der Republik 1'], locality: 'Berlin', postalCode: '11011', country: 'DE' };
  it.each([
    ['not an object', 'Berlin', '', 'invalid_type'],
    ['null', null, '', 'invalid_type'],
    ['an array', [], '', 'invalid_type'],
    ['missing lines', { ...base, lines: undefined }, 'lines', 'invalid_type'],
    ['lines not an array', { ...base, lines: 'Platz der Republik 1' }, 'lines', 'invalid_type'],
    ['no street line', { ...base, lines: [] }, 'lines', 'too_small'],
    ['4 street lines', { ...base, lines: ['a', 'b', 'c', 'd'] }, 'lines', 'too_big'],
    ['an empty street line', { ...base, lines: ['a', ''] }, 'lines.1', 'too_small'],
    ['a blank street line', { ...base, lines: ['a', 'b', ' \t\u00a0'] }, 'lines.2', 'too_small'],
    ['a number as a street line', { ...base, lines: [1] }, 'lines.0', 'invalid_type'],
    ['a street line of 101 characters', { ...base, lines: ['x'.repeat(101)] }, 'lines.0', 'too_big'],
    ['missing locality', { ...base, locality: undefined }, 'locality', 'invalid_type'],
    ['empty locality', { ...base, locality: '' }, 'locality', 'too_small'],
    ['a number as locality', { ...base, locality: 42 }, 'locality', 'invalid_type'],
    ['empty region', { ...base, region: '' }, 'region', 'too_small'],
    ['null region', { ...base, region: null }, 'region', 'invalid_type'],
    ['empty postal code', { ...base, postalCode: '  ' }, 'postalCode', 'too_small'],
    ['a number as postal code', { ...base, postalCode: 11011 }, 'postalCode', 'invalid_type'],
    ['missing country', { ...base, country: undefined }, 'country', 'invalid_type'],
    ['unknown country', { ...base, country: 'XX' }, 'country', 'unknown_country'],
    ['user-assigned code XK', { ...base, country: 'XK' }, 'country', 'unknown_country'],
    ['UK instead of GB', { ...base, country: 'UK' }, 'country', 'unknown_country'],
    ['alpha-3 code', { ...base, country: 'DEU' }, 'country', 'unknown_country'],
    ['country name', { ...base, country: 'Germany' }, 'country', 'unknown_country'],
    ['bad postal code for the country', { ...base, postalCode: '1011' }, 'postalCode', 'invalid_postal_code'],
    ['letters in a German postal code', { ...base, postalCode: '1O115' }, 'postalCode', 'invalid_postal_code'],
    ['missing postal code where required', { ...base, postalCode: undefined }, 'postalCode', 'postal_code_required'],
    [
      'postal code in a country without them',
      { lines: ['Tamar'], locality: 'Admiralty', postalCode: '999077', country: 'HK' },
      'postalCode',
      'postal_code_not_used',
    ],
    [
      'a lenient postal code with other characters',
      { lines: ['Main Street'], locality: 'Lagos', postalCode: '100#01', country: 'NG' },
      'postalCode',
      'invalid_postal_code',
    ],
    [
      'a lenient postal code of 11 characters',
      { lines: ['Main Street'], locality: 'Lagos', postalCode: '12345678901', country: 'NG' },
      'postalCode',
      'invalid_postal_code',
    ],
    [
      'a lenient postal code with non-ASCII letters',
      { lines: ['Main Street'], locality: 'Lagos', postalCode: 'ßß12', country: 'NG' },
      'postalCode',
      'invalid_postal_code',
    ],
    ['missing US region', { ...washington, region: undefined }, 'region', 'region_required'],
    ['unknown US state', { ...washington, region: 'ZZ' }, 'region', 'invalid_region'],
    ['US state name instead of code', { ...washington, region: 'California' }, 'region', 'invalid_region'],
    ['missing CN region', { ...labels.CN?.input, region: undefined }, 'region', 'region_required'],
    ['an extra field', { ...base, street: 'x' }, 'street', 'unrecognized_key'],
    [
      'a __proto__ key',
      JSON.parse('{"__proto__":{"polluted":true},"lines":["a"],"locality":"b","country":"DE"}'),
      '__proto__',
      'forbidden_key',
    ],
    ['a constructor key', { ...base, constructor: 'x' }, 'constructor', 'forbidden_key'],
  ])('%s', (_, input, field, rule) => {
    expectRejected(input, field, rule);
  });

  it('lists every broken rule, not only the first', () => {
    const error = expectRejected(
      { lines: ['a'], locality: 'b', postalCode: '1', country: 'US' },
      'postalCode',
      'invalid_postal_code',
    );
    expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['postalCode', 'invalid_postal_code'],
      ['region', 'region_required'],
    ]);
    expect(error.message).toContain('for example 20500 or 20500-0003');
  });

  it('does not pollute Object.prototype', () => {
    Address.safeCreate(JSON.parse('{"__proto__":{"polluted":true},"lines":["a"],"locality":"b","country":"DE"}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Address equality', () => {
  it('is by normalised value', () => {
    const a = Address.create(washington);
    const b = Address.create({
      lines: [' 1600 Pennsylvania  Ave NW'],
      locality: 'Washington ',
      region: 'dc',
      postalCode: '20500',
      country: 'us',
    });
    expect(a.equals(b)).toBe(true);
    expect(b.equals(a)).toBe(true);
    expect(a.equals(a)).toBe(true);
  });

  it('tells different addresses apart, field by field', () => {
    const a = Address.create(washington);
    expect(a.equals(Address.create({ ...washington, postalCode: '20500-0003' }))).toBe(false);
    expect(a.equals(Address.create({ ...washington, locality: 'washington' }))).toBe(false);
    expect(a.equals(Address.create({ ...washington, region: 'MD' }))).toBe(false);
    expect(a.equals(Address.create({ ...washington, lines: ['1600 Pennsylvania Ave NW', 'Suite 1'] }))).toBe(false);
    expect(a.equals(Address.create({ ...washington, lines: ['1600 Pennsylvania Ave SW'] }))).toBe(false);
    expect(a.equals(Address.create({ ...washington, country: 'PR', postalCode: '00901', region: 'PR' }))).toBe(false);
    expect(a.equals(null)).toBe(false);
    expect(a.equals(undefined)).toBe(false);
  });
});

describe('Address JSON and with()', () => {
  it('round-trips through JSON', () => {
    for (const { input } of Object.values(labels)) {
      const address = Address.create(input);
      const copy = Address.fromJSON(JSON.parse(JSON.stringify(address)));
      expect(copy).toBeInstanceOf(Address);
      expect(copy.equals(address)).toBe(true);
      expect(copy.toJSON()).toEqual(address.toJSON());
    }
  });

  it('fromJSON validates like create', () => {
    expect(() => Address.fromJSON({ lines: ['a'], locality: 'b', country: 'ZZ' })).toThrow(ValidationError);
    expect(() => Address.fromJSON('not json')).toThrow(ValidationError);
  });

  it('with() re-validates and leaves the original untouched', () => {
    const office = Address.create(washington);
    const moved = office.with({ locality: ' Baltimore ', region: 'md', postalCode: '21201' });
    expect(moved.toJSON()).toEqual({ ...washington, locality: 'Baltimore', region: 'MD', postalCode: '21201' });
    expect(() => office.with({ country: 'GB' })).toThrow(ValidationError);
    expect(office.toJSON()).toEqual(washington);
  });

  it('embeds Address.schema in other zod schemas', () => {
    const order = z.object({ shipTo: Address.schema });
    const parsed = order.parse({
      shipTo: { lines: ['Binnenhof 1'], locality: 'Den Haag', postalCode: '2513aa', country: 'nl' },
    });
    expect(parsed.shipTo).toEqual({
      lines: ['Binnenhof 1'],
      locality: 'Den Haag',
      postalCode: '2513 AA',
      country: 'NL',
    });
    const bad = order.safeParse({
      shipTo: { lines: ['Binnenhof 1'], locality: 'Den Haag', postalCode: '0513 AA', country: 'NL' },
    });
    expect(bad.success).toBe(false);
    expect(ValidationError.fromZod('Order', (bad as { error: z.ZodError }).error).field).toBe('shipTo.postalCode');
  });
});
