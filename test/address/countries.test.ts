import { readFileSync } from 'node:fs';
import { iso31661 } from 'iso-3166';
import { describe, expect, it } from 'vitest';
import worldCountries from 'world-countries';
import { countryRows, renderCountries } from '../../scripts/renderCountries.js';
import { countryNames } from '../../src/address/countries.js';
import { isCountryCode } from '../../src/address/isCountryCode.js';

const committed = readFileSync(new URL('../../src/address/countries.ts', import.meta.url), 'utf8');

describe('the generated country table (src/address/countries.ts)', () => {
  it('matches its source, world-countries, exactly', () => {
    expect(countryNames).toEqual(Object.fromEntries(countryRows().map((row) => [row.code, row.name])));
    expect(Object.keys(countryNames)).toEqual(countryRows().map((row) => row.code));
  });

  it('says it is generated, and from which version of the source', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../node_modules/world-countries/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(committed.startsWith('// GENERATED FILE: do not edit.')).toBe(true);
    expect(committed).toContain(`world-countries@${version}`);
    expect(renderCountries()).toContain(`world-countries@${version}`);
  });

  it('holds every officially assigned ISO 3166-1 alpha-2 code, as the iso-3166 package lists them', () => {
    const assigned = iso31661.filter((country) => country.state === 'assigned').map((country) => country.alpha2);
    expect(Object.keys(countryNames).sort()).toEqual([...assigned].sort());
    expect(Object.keys(countryNames)).toHaveLength(249);
  });

  it('leaves out the user-assigned codes of the source (Kosovo, XK)', () => {
    const userAssigned = worldCountries.filter((country) => country.status !== 'officially-assigned');
    expect(userAssigned.map((country) => country.cca2)).toContain('XK');
    for (const country of userAssigned) expect(isCountryCode(country.cca2)).toBe(false);
  });

  it('gives the common English names used on a mail label', () => {
    expect(countryNames.US).toBe('United States');
    expect(countryNames.GB).toBe('United Kingdom');
    expect(countryNames.DE).toBe('Germany');
    expect(countryNames.KR).toBe('South Korea');
  });
});

describe('isCountryCode', () => {
  it('accepts assigned codes in upper case only', () => {
    for (const code of Object.keys(countryNames)) expect(isCountryCode(code)).toBe(true);
    for (const value of ['us', 'XX', 'UK', 'XK', 'USA', '', 'U', 42, null, undefined, 'toString', '__proto__']) {
      expect(isCountryCode(value)).toBe(false);
    }
  });
});
