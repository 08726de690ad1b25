import { describe, expect, it } from 'vitest';
import { Address } from '../../src/address/Address.js';
import { addressFormats } from '../../src/address/addressFormats.js';
import { labels, largestEconomies } from './fixtures.js';

describe('Address.format', () => {
  it('has a postal layout for each of the 25 largest economies', () => {
    for (const country of largestEconomies) {
      expect(addressFormats[country], country).toBeDefined();
      expect(labels[country], country).toBeDefined();
    }
  });

  for (const [country, { input, label }] of Object.entries(labels)) {
    it(`${country}: prints the country's layout, the English country name last`, () => {
      const address = Address.create(input);
      expect(address.formatLines()).toEqual(label);
      expect(address.format()).toBe(label.join('\n'));
      expect(address.format({ omitCountry: true })).toBe(label.slice(0, -1).join('\n'));
    });
  }

  it('prints every street line on its own line', () => {
    const address = Address.create({
      lines: ['Flat 3', '12 High Street', 'Old Town'],
      locality: 'Edinburgh',
      postalCode: 'EH1 1YZ',
      country: 'GB',
    });
    expect(address.formatLines()).toEqual([
      'Flat 3',
      '12 High Street',
      'Old Town',
      'Edinburgh',
      'EH1 1YZ',
      'United Kingdom',
    ]);
  });

  it('drops the separators of an absent optional part', () => {
    const tr = Address.create({
      lines: ['Atatürk Bulvarı 1'],
      locality: 'Çankaya',
      postalCode: '06100',
      country: 'TR',
    });
    expect(tr.formatLines({ omitCountry: true })).toEqual(['Atatürk Bulvarı 1', '06100 Çankaya']);
    const lenient = Address.create({ lines: ['Main Street'], locality: 'Lagos', country: 'NG' });
    expect(lenient.formatLines()).toEqual(['Main Street', 'Lagos', 'Nigeria']);
  });

  it('prints values literally, even ones that look like placeholders or replacement patterns', () => {
    const address = Address.create({
      lines: ['$& %S'],
      locality: "%Z $' $1",
      region: 'CA',
      postalCode: '90001',
      country: 'US',
    });
    expect(address.formatLines()).toEqual(['$& %S', "%Z $' $1, CA 90001", 'United States']);
  });
});
