import type { CountryCode } from './countries.js';

/**
 * How one country writes its postal codes. `pattern` runs on the code after whitespace is
 * collapsed and letters are upper-cased; its capture groups, joined with `join`, give the
 * canonical form (`'sw1a1aa'` → `'SW1A 1AA'`).
 * @internal
 */
export interface PostalCodeRule {
  readonly pattern: RegExp;
  /** The separator between the capture groups; default none. */
  readonly join?: ' ' | '-';
  /** A valid example, quoted in error messages. */
  readonly example: string;
  /** `false` where addresses are commonly written without one (Ireland's Eircode); default `true`. */
  readonly required?: false;
}

/**
 * Postal-code rules of the largest economies and their neighbours, after the postal services'
 * published formats (UPU addressing guides, Google's address metadata). Countries not listed get
 * the lenient rule; {@link noPostalCodeCountries} take none.
 * @internal
 */
export const postalCodeRules: Readonly<Partial<Record<CountryCode, PostalCodeRule>>> = {
  AR: { pattern: /^(\d{4}|[A-HJ-NP-Z]\d{4}[A-Z]{3})$/, example: 'C1425ABC' },
  AT: { pattern: /^([1-9]\d{3})$/, example: '1010' },
  AU: { pattern: /^(\d{4})$/, example: '2000' },
  BE: { pattern: /^([1-9]\d{3})$/, example: '1000' },
  BR: { pattern: /^(\d{5})-?(\d{3})$/, example: '01310-100', join: '-' },
  CA: {
    pattern: /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(\d[ABCEGHJ-NPRSTV-Z]\d)$/,
    example: 'K1A 0B1',
    join: ' ',
  },
  CH: { pattern: /^([1-9]\d{3})$/, example: '8001' },
  CN: { pattern: /^(\d{6})$/, example: '100000' },
  DE: { pattern: /^(\d{5})$/, example: '10115' },
  DK: { pattern: /^(\d{4})$/, example: '1050' },
  ES: { pattern: /^((?:0[1-9]|[1-4]\d|5[0-2])\d{3})$/, example: '28001' },
  FI: { pattern: /^(\d{5})$/, example: '00100' },
  FR: { pattern: /^(\d{5})$/, example: '75008' },
  GB: {
    pattern: /^(GIR|[A-PR-UWYZ](?:\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)) ?(\d[ABD-HJLNP-UW-Z]{2})$/,
    example: 'SW1A 1AA',
    join: ' ',
  },
  ID: { pattern: /^([1-9]\d{4})$/, example: '10110' },
  IE: {
    pattern: /^([AC-FHKNPRTV-Y]\d{2}|D6W) ?([\dAC-FHKNPRTV-Y]{4})$/,
    example: 'D02 AF30',
    join: ' ',
    required: false,
  },
  IN: { pattern: /^([1-9]\d{2}) ?(\d{3})$/, example: '110001' },
  IT: { pattern: /^(\d{5})$/, example: '00144' },
  JP: { pattern: /^(\d{3})-?(\d{4})$/, example: '100-0001', join: '-' },
  KR: { pattern: /^(\d{5})$/, example: '03187' },
  MX: { pattern: /^(\d{5})$/, example: '06600' },
  NL: { pattern: /^([1-9]\d{3}) ?((?!SA|SD|SS)[A-Z]{2})$/, example: '1012 AB', join: ' ' },
  NO: { pattern: /^(\d{4})$/, example: '0150' },
  NZ: { pattern: /^(\d{4})$/, example: '6011' },
  PL: { pattern: /^(\d{2})-?(\d{3})$/, example: '00-950', join: '-' },
  PT: { pattern: /^(\d{4})-?(\d{3})$/, example: '1100-148', join: '-' },
  RU: { pattern: /^(\d{6})$/, example: '101000' },
  SA: { pattern: /^(\d{5})(?:-?(\d{4}))?$/, example: '11564', join: '-' },
  SE: { pattern: /^(\d{3}) ?(\d{2})$/, example: '111 52', join: ' ' },
  SG: { pattern: /^(\d{6})$/, example: '018956' },
  TR: { pattern: /^((?:0[1-9]|[1-7]\d|8[01])\d{3})$/, example: '06100' },
  TW: { pattern: /^(\d{3}(?:\d{2,3})?)$/, example: '100' },
  US: { pattern: /^(\d{5})(?:[- ]?(\d{4}))?$/, example: '20500 or 20500-0003', join: '-' },
};

/** The lenient rule for other countries: 2 to 10 letters, digits, spaces and hyphens. @internal */
export const lenientPostalCode: RegExp = /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;

/**
 * Countries and territories without a postal-code system in use, whose addresses carry none.
 * Kept conservative: a country that may have introduced codes is left to the lenient rule.
 * @internal
 */
export const noPostalCodeCountries: Readonly<Partial<Record<CountryCode, 1>>> = {
  AE: 1,
  AG: 1,
  AO: 1,
  AW: 1,
  BF: 1,
  BI: 1,
  BJ: 1,
  BS: 1,
  BW: 1,
  BZ: 1,
  CD: 1,
  CF: 1,
  CG: 1,
  CI: 1,
  CK: 1,
  CM: 1,
  CW: 1,
  DJ: 1,
  DM: 1,
  ER: 1,
  FJ: 1,
  GD: 1,
  GM: 1,
  GQ: 1,
  GY: 1,
  HK: 1,
  KI: 1,
  KM: 1,
  KN: 1,
  KP: 1,
  ML: 1,
  MO: 1,
  MR: 1,
  NR: 1,
  NU: 1,
  QA: 1,
  RW: 1,
  SB: 1,
  SC: 1,
  SL: 1,
  SR: 1,
  ST: 1,
  SY: 1,
  TD: 1,
  TG: 1,
  TK: 1,
  TL: 1,
  TO: 1,
  TV: 1,
  UG: 1,
  VU: 1,
  YE: 1,
  ZW: 1,
};
