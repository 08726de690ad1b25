import type { AddressInput } from '../../src/address/AddressProps.js';
import type { CountryCode } from '../../src/address/countries.js';

/** A real-looking address per country with the label its postal service prints. */
export interface LabelCase {
  readonly input: AddressInput;
  readonly label: readonly string[];
}

export const labels: Readonly<Partial<Record<CountryCode, LabelCase>>> = {
  US: {
    input: {
      lines: ['1600 Pennsylvania Ave NW'],
      locality: 'Washington',
      region: 'DC',
      postalCode: '20500',
      country: 'US',
    },
    label: ['1600 Pennsylvania Ave NW', 'Washington, DC 20500', 'United States'],
  },
  CA: {
    input: { lines: ['24 Sussex Drive'], locality: 'Ottawa', region: 'ON', postalCode: 'K1M 1M4', country: 'CA' },
    label: ['24 Sussex Drive', 'Ottawa ON K1M 1M4', 'Canada'],
  },
  GB: {
    input: { lines: ['10 Downing Street'], locality: 'London', postalCode: 'SW1A 2AA', country: 'GB' },
    label: ['10 Downing Street', 'London', 'SW1A 2AA', 'United Kingdom'],
  },
  DE: {
    input: { lines: ['Platz der Republik 1'], locality: 'Berlin', postalCode: '11011', country: 'DE' },
    label: ['Platz der Republik 1', '11011 Berlin', 'Germany'],
  },
  FR: {
    input: { lines: ['55 Rue du Faubourg Saint-Honoré'], locality: 'Paris', postalCode: '75008', country: 'FR' },
    label: ['55 Rue du Faubourg Saint-Honoré', '75008 Paris', 'France'],
  },
  JP: {
    input: { lines: ['1-1 Chiyoda'], locality: 'Chiyoda-ku', region: 'Tokyo', postalCode: '100-8111', country: 'JP' },
    label: ['〒100-8111', 'Tokyo Chiyoda-ku', '1-1 Chiyoda', 'Japan'],
  },
  CN: {
    input: {
      lines: ['4 Zhengyi Road'],
      locality: 'Dongcheng District',
      region: 'Beijing',
      postalCode: '100006',
      country: 'CN',
    },
    label: ['100006', 'Beijing Dongcheng District', '4 Zhengyi Road', 'China'],
  },
  IN: {
    input: {
      lines: ['Rashtrapati Bhavan'],
      locality: 'New Delhi',
      region: 'Delhi',
      postalCode: '110004',
      country: 'IN',
    },
    label: ['Rashtrapati Bhavan', 'New Delhi 110004', 'Delhi', 'India'],
  },
  BR: {
    input: {
      lines: ['Praça dos Três Poderes'],
      locality: 'Brasília',
      region: 'DF',
      postalCode: '70150-900',
      country: 'BR',
    },
    label: ['Praça dos Três Poderes', 'Brasília-DF', '70150-900', 'Brazil'],
  },
  AU: {
    input: { lines: ['Parliament House'], locality: 'Canberra', region: 'ACT', postalCode: '2600', country: 'AU' },
    label: ['Parliament House', 'Canberra ACT 2600', 'Australia'],
  },
  NL: {
    input: { lines: ['Binnenhof 1'], locality: 'Den Haag', postalCode: '2513 AA', country: 'NL' },
    label: ['Binnenhof 1', '2513 AA Den Haag', 'Netherlands'],
  },
  IT: {
    input: { lines: ['Piazza del Quirinale'], locality: 'Roma', region: 'RM', postalCode: '00187', country: 'IT' },
    label: ['Piazza del Quirinale', '00187 Roma RM', 'Italy'],
  },
  ES: {
    input: { lines: ['Calle de Bailén'], locality: 'Madrid', postalCode: '28071', country: 'ES' },
    label: ['Calle de Bailén', '28071 Madrid', 'Spain'],
  },
  KR: {
    input: { lines: ['1 Cheongwadae-ro'], locality: 'Jongno-gu', region: 'Seoul', postalCode: '03048', country: 'KR' },
    label: ['Seoul Jongno-gu', '1 Cheongwadae-ro', '03048', 'South Korea'],
  },
  MX: {
    input: {
      lines: ['Plaza de la Constitución S/N', 'Centro'],
      locality: 'Cuauhtémoc',
      region: 'CDMX',
      postalCode: '06066',
      country: 'MX',
    },
    label: ['Plaza de la Constitución S/N', 'Centro', '06066 Cuauhtémoc, CDMX', 'Mexico'],
  },
  RU: {
    input: { lines: ['Red Square 1'], locality: 'Moscow', postalCode: '109012', country: 'RU' },
    label: ['Red Square 1', 'Moscow', '109012', 'Russia'],
  },
  ID: {
    input: {
      lines: ['Jl. Medan Merdeka Utara'],
      locality: 'Jakarta Pusat',
      region: 'DKI Jakarta',
      postalCode: '10110',
      country: 'ID',
    },
    label: ['Jl. Medan Merdeka Utara', 'Jakarta Pusat', 'DKI Jakarta 10110', 'Indonesia'],
  },
  TR: {
    input: { lines: ['Atatürk Bulvarı 1'], locality: 'Çankaya', region: 'Ankara', postalCode: '06100', country: 'TR' },
    label: ['Atatürk Bulvarı 1', '06100 Çankaya/Ankara', 'Türkiye'],
  },
  SA: {
    input: { lines: ['King Fahd Road'], locality: 'Riyadh', postalCode: '12271', country: 'SA' },
    label: ['King Fahd Road', 'Riyadh 12271', 'Saudi Arabia'],
  },
  CH: {
    input: { lines: ['Bundesplatz 3'], locality: 'Bern', postalCode: '3005', country: 'CH' },
    label: ['Bundesplatz 3', '3005 Bern', 'Switzerland'],
  },
  PL: {
    input: { lines: ['ul. Wiejska 4'], locality: 'Warszawa', postalCode: '00-902', country: 'PL' },
    label: ['ul. Wiejska 4', '00-902 Warszawa', 'Poland'],
  },
  TW: {
    input: {
      lines: ['No. 122, Sec. 1, Chongqing S. Rd.'],
      locality: 'Zhongzheng Dist.',
      region: 'Taipei City',
      postalCode: '100',
      country: 'TW',
    },
    label: ['100', 'Taipei City Zhongzheng Dist.', 'No. 122, Sec. 1, Chongqing S. Rd.', 'Taiwan'],
  },
  BE: {
    input: { lines: ['Rue de la Loi 16'], locality: 'Bruxelles', postalCode: '1000', country: 'BE' },
    label: ['Rue de la Loi 16', '1000 Bruxelles', 'Belgium'],
  },
  SE: {
    input: { lines: ['Riksgatan 1'], locality: 'Stockholm', postalCode: '100 12', country: 'SE' },
    label: ['Riksgatan 1', '100 12 Stockholm', 'Sweden'],
  },
  AR: {
    input: { lines: ['Balcarce 50'], locality: 'Buenos Aires', region: 'CABA', postalCode: 'C1064AAB', country: 'AR' },
    label: ['Balcarce 50', 'C1064AAB Buenos Aires', 'CABA', 'Argentina'],
  },
  AT: {
    input: { lines: ['Ballhausplatz 2'], locality: 'Wien', postalCode: '1010', country: 'AT' },
    label: ['Ballhausplatz 2', '1010 Wien', 'Austria'],
  },
  IE: {
    input: { lines: ['Leinster House', 'Kildare Street'], locality: 'Dublin 2', postalCode: 'D02 XR20', country: 'IE' },
    label: ['Leinster House', 'Kildare Street', 'Dublin 2', 'D02 XR20', 'Ireland'],
  },
  SG: {
    input: { lines: ['1 Parliament Place'], locality: 'Singapore', postalCode: '178880', country: 'SG' },
    label: ['1 Parliament Place', 'Singapore 178880', 'Singapore'],
  },
  NZ: {
    input: { lines: ['Molesworth Street'], locality: 'Wellington', postalCode: '6160', country: 'NZ' },
    label: ['Molesworth Street', 'Wellington 6160', 'New Zealand'],
  },
  PT: {
    input: { lines: ['Praça do Comércio'], locality: 'Lisboa', postalCode: '1100-148', country: 'PT' },
    label: ['Praça do Comércio', '1100-148 Lisboa', 'Portugal'],
  },
  HK: {
    input: { lines: ['Tamar'], locality: 'Admiralty', region: 'Hong Kong Island', country: 'HK' },
    label: ['Tamar', 'Admiralty', 'Hong Kong Island', 'Hong Kong'],
  },
  KE: {
    input: { lines: ['Parliament Road'], locality: 'Nairobi', postalCode: '00100', country: 'KE' },
    label: ['Parliament Road', 'Nairobi', '00100', 'Kenya'],
  },
};

/** The 25 largest economies that the issue names, each of which has its own postal rule and layout. */
export const largestEconomies: readonly CountryCode[] = [
  'US',
  'CN',
  'DE',
  'JP',
  'IN',
  'GB',
  'FR',
  'IT',
  'CA',
  'BR',
  'RU',
  'KR',
  'AU',
  'MX',
  'ES',
  'ID',
  'NL',
  'TR',
  'SA',
  'CH',
  'PL',
  'TW',
  'BE',
  'SE',
  'AR',
];
