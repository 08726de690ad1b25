import { describe, expect, it } from 'vitest';
import type { CountryCode } from '../../src/address/countries.js';
import { noPostalCodeCountries, postalCodeRules } from '../../src/address/postalCodeRules.js';
import { validatePostalCode } from '../../src/address/validatePostalCode.js';
import { largestEconomies } from './fixtures.js';

/** Valid codes (as written → canonical) and invalid codes per country. */
const cases: Readonly<Partial<Record<CountryCode, { valid: Record<string, string>; invalid: string[] }>>> = {
  US: {
    valid: { '20500': '20500', '20500-0003': '20500-0003', '205000003': '20500-0003' },
    invalid: ['2050', '205000', '20500-03', 'ABCDE', '20500-00033'],
  },
  CA: {
    valid: { 'K1A 0B1': 'K1A 0B1', k1a0b1: 'K1A 0B1', 'H3Z 2Y7': 'H3Z 2Y7' },
    invalid: ['K1A 0B', 'D1A 0B1', 'K1A 0O1', 'W1A 0B1', '12345'],
  },
  GB: {
    valid: {
      'SW1A 1AA': 'SW1A 1AA',
      m11ae: 'M1 1AE',
      'B33 8TH': 'B33 8TH',
      'CR2 6XH': 'CR2 6XH',
      'DN55 1PT': 'DN55 1PT',
      'W1A 0AX': 'W1A 0AX',
      'GIR 0AA': 'GIR 0AA',
    },
    invalid: ['SW1A', 'QW1 1AA', '1AA 1AA', 'SW1A 1CA', 'SW1A1AAA'],
  },
  DE: { valid: { '10115': '10115', '01067': '01067' }, invalid: ['1011', '101150', 'D-10115'] },
  FR: { valid: { '75008': '75008', '97400': '97400' }, invalid: ['7500', '750080', 'F-75008'] },
  JP: { valid: { '100-0001': '100-0001', '1000001': '100-0001' }, invalid: ['100-001', '10000011', '〒100-0001'] },
  CN: { valid: { '100000': '100000' }, invalid: ['10000', '1000000'] },
  IN: { valid: { '110001': '110001', '110 001': '110001' }, invalid: ['011001', '11001', '1100011'] },
  BR: { valid: { '01310-100': '01310-100', '01310100': '01310-100' }, invalid: ['01310-10', '0131-0100', '013101000'] },
  AU: { valid: { '2000': '2000', '0800': '0800' }, invalid: ['200', '20000'] },
  NL: {
    valid: { '1012 AB': '1012 AB', '1012ab': '1012 AB' },
    invalid: ['0123 AB', '1012 SA', '1012 SS', '1012 SD', '1012', '1012 A1'],
  },
  IT: { valid: { '00144': '00144' }, invalid: ['0014', 'I-00144'] },
  ES: { valid: { '28001': '28001', '52001': '52001' }, invalid: ['53001', '00001', '2800'] },
  KR: { valid: { '03187': '03187' }, invalid: ['110-100', '0318'] },
  MX: { valid: { '06600': '06600' }, invalid: ['6600', '066000'] },
  RU: { valid: { '101000': '101000' }, invalid: ['10100', '1010000'] },
  ID: { valid: { '10110': '10110' }, invalid: ['01011', '1011'] },
  TR: { valid: { '06100': '06100', '81000': '81000' }, invalid: ['82000', '00100', '6100'] },
  SA: {
    valid: { '11564': '11564', '11564-1234': '11564-1234', '115641234': '11564-1234' },
    invalid: ['1156', '11564-12'],
  },
  CH: { valid: { '8001': '8001' }, invalid: ['0800', '80010', 'CH-8001'] },
  PL: { valid: { '00-950': '00-950', '00950': '00-950' }, invalid: ['00-95', '0-0950'] },
  TW: { valid: { '100': '100', '10046': '10046', '100046': '100046' }, invalid: ['10', '1004', '1000466'] },
  BE: { valid: { '1000': '1000' }, invalid: ['0100', '10000'] },
  SE: { valid: { '111 52': '111 52', '11152': '111 52' }, invalid: ['1115', '111 5', 'S-111 52'] },
  AR: {
    valid: { '1425': '1425', C1425ABC: 'C1425ABC', c1425abc: 'C1425ABC' },
    invalid: ['142', 'C1425', 'I1425ABC', 'C1425AB'],
  },
  IE: {
    valid: { 'D02 AF30': 'D02 AF30', d02af30: 'D02 AF30', 'D6W 1234': 'D6W 1234' },
    invalid: ['D02', 'B02 AF30', 'D02 AF3'],
  },
  PT: { valid: { '1100-148': '1100-148', '1100148': '1100-148' }, invalid: ['1100', '1100-14'] },
};

describe('validatePostalCode', () => {
  it('has its own rule for each of the 25 largest economies', () => {
    for (const country of largestEconomies) {
      expect(postalCodeRules[country], country).toBeDefined();
      expect(cases[country], country).toBeDefined();
    }
  });

  for (const [country, { valid, invalid }] of Object.entries(cases) as [
    CountryCode,
    { valid: Record<string, string>; invalid: string[] },
  ][]) {
    it(`${country}: accepts valid codes in canonical form, rejects the rest`, () => {
      for (const [written, canonical] of Object.entries(valid)) {
        expect(validatePostalCode(country, written), `${country} ${written}`).toEqual({ ok: true, value: canonical });
      }
      for (const written of invalid) {
        const result = validatePostalCode(country, written);
        expect(result.ok, `${country} ${written}`).toBe(false);
        expect(result).toMatchObject({ rule: 'invalid_postal_code' });
      }
      const example = postalCodeRules[country]?.example.split(' or ')[0] as string;
      expect(validatePostalCode(country, example).ok, `${country} example ${example}`).toBe(true);
    });
  }

  it('requires a postal code where the country has a rule (except Ireland), not elsewhere', () => {
    expect(validatePostalCode('US', undefined)).toMatchObject({ ok: false, rule: 'postal_code_required' });
    expect(validatePostalCode('IE', undefined)).toEqual({ ok: true, value: undefined });
    expect(validatePostalCode('NG', undefined)).toEqual({ ok: true, value: undefined });
    expect(validatePostalCode('HK', undefined)).toEqual({ ok: true, value: undefined });
  });

  it('applies the lenient rule elsewhere: 2 to 10 letters, digits, spaces, hyphens, upper-cased', () => {
    for (const [written, canonical] of [
      ['100001', '100001'],
      ['ab 12-3', 'AB 12-3'],
      ['12', '12'],
      ['1234567890', '1234567890'],
    ]) {
      expect(validatePostalCode('NG', written as string)).toEqual({ ok: true, value: canonical });
    }
    for (const written of ['1', '12345678901', '-123', '123-', 'AB_12', 'ÄB12', '12\u200b34']) {
      expect(validatePostalCode('NG', written)).toMatchObject({ ok: false, rule: 'invalid_postal_code' });
    }
  });

  it('refuses a postal code in a country that has none', () => {
    for (const country of Object.keys(noPostalCodeCountries) as CountryCode[]) {
      expect(postalCodeRules[country]).toBeUndefined();
      expect(validatePostalCode(country, '12345')).toMatchObject({ ok: false, rule: 'postal_code_not_used' });
    }
  });
});

describe('validatePostalCode folding', () => {
  it('folds full-width digits, letters and hyphens to ASCII', () => {
    expect(validatePostalCode('JP', '１００－０００１')).toEqual({ ok: true, value: '100-0001' });
    expect(validatePostalCode('GB', 'ｓｗ１ａ １ａａ')).toEqual({ ok: true, value: 'SW1A 1AA' });
  });
});
