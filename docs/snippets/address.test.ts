import { ValidationError } from 'tactical-ddd';
import { Address } from 'tactical-ddd/address';
import { expect, it } from 'vitest';
import { label, london, office } from './address.js';

it('normalises, validates and formats', () => {
  expect(label).toBe('1600 Pennsylvania Ave NW\nWashington, DC 20500\nUnited States');
  expect(london.props.postalCode).toBe('SW1A 2AA');
  expect(office.equals(Address.fromJSON(JSON.parse(JSON.stringify(office))))).toBe(true);
  const bad = Address.safeCreate({
    lines: ['1 Main St'],
    locality: 'Springfield',
    postalCode: '1234',
    country: 'US',
    region: 'IL',
  });
  expect(bad.success).toBe(false);
  if (!bad.success) expect([bad.error.field, bad.error.rule]).toEqual(['postalCode', 'invalid_postal_code']);
  expect(() => Address.create({ lines: ['x'], locality: 'y', postalCode: '62701', country: 'US' } as never)).toThrow(
    ValidationError,
  );
});
