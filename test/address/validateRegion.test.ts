import { iso31662 } from 'iso-3166';
import { describe, expect, it } from 'vitest';
import type { CountryCode } from '../../src/address/countries.js';
import { regionRules } from '../../src/address/regionRules.js';
import { validateRegion } from '../../src/address/validateRegion.js';

const subdivisions = (country: string): string[] =>
  iso31662.filter((entry) => entry.parent === country).map((entry) => entry.code.slice(country.length + 1));

describe('validateRegion', () => {
  it.each(['US', 'CA', 'AU'] as const)('%s: accepts every ISO 3166-2 subdivision code, in any case', (country) => {
    const codes = subdivisions(country);
    expect(codes.length).toBeGreaterThan(7);
    for (const code of codes) {
      expect(validateRegion(country, code)).toEqual({ ok: true, value: code });
      expect(validateRegion(country, code.toLowerCase())).toEqual({ ok: true, value: code });
    }
  });

  it('US: accepts exactly the ISO subdivisions plus the USPS military and freely associated codes', () => {
    const expected = [...subdivisions('US'), 'AA', 'AE', 'AP', 'FM', 'MH', 'PW'].sort();
    expect(Object.keys(regionRules.US?.codes ?? {}).sort()).toEqual(expected);
  });

  it('CA and AU: accept exactly the ISO subdivisions', () => {
    expect(Object.keys(regionRules.CA?.codes ?? {}).sort()).toEqual(subdivisions('CA').sort());
    expect(Object.keys(regionRules.AU?.codes ?? {}).sort()).toEqual(subdivisions('AU').sort());
  });

  it('rejects unknown codes and names where codes are checked', () => {
    for (const [country, region] of [
      ['US', 'ZZ'],
      ['US', 'California'],
      ['CA', 'Ontario'],
      ['AU', 'NS'],
      ['US', 'toString'],
    ]) {
      expect(validateRegion(country as CountryCode, region as string)).toMatchObject({
        ok: false,
        rule: 'invalid_region',
      });
    }
  });

  it.each(['US', 'CA', 'AU', 'BR', 'MX', 'IN', 'CN', 'JP'] as const)('%s: requires a region', (country) => {
    expect(validateRegion(country, undefined)).toMatchObject({ ok: false, rule: 'region_required' });
  });

  it('keeps free-text regions as given, and an absent region where none is needed', () => {
    expect(validateRegion('BR', 'São Paulo')).toEqual({ ok: true, value: 'São Paulo' });
    expect(validateRegion('GB', 'Kent')).toEqual({ ok: true, value: 'Kent' });
    expect(validateRegion('GB', undefined)).toEqual({ ok: true, value: undefined });
  });
});
