import type { CountryCode } from './countries.js';

/** What an address in one country needs of its region. @internal */
export interface RegionRule {
  /** The region codes accepted (upper case), or `undefined` when the region is free text. */
  readonly codes?: Readonly<Record<string, 1>>;
  /** Codes quoted in error messages. */
  readonly examples?: string;
}

/**
 * The countries whose postal addresses need a region (state, province, prefecture), and for the
 * US, Canada and Australia the codes their postal services use: the ISO 3166-2 subdivisions, plus
 * for the US the USPS military codes (AA, AE, AP) and the freely associated states (FM, MH, PW)
 * that USPS serves.
 * @internal
 */
export const regionRules: Readonly<Partial<Record<CountryCode, RegionRule>>> = {
  US: {
    codes: {
      AA: 1,
      AE: 1,
      AK: 1,
      AL: 1,
      AP: 1,
      AR: 1,
      AS: 1,
      AZ: 1,
      CA: 1,
      CO: 1,
      CT: 1,
      DC: 1,
      DE: 1,
      FL: 1,
      FM: 1,
      GA: 1,
      GU: 1,
      HI: 1,
      IA: 1,
      ID: 1,
      IL: 1,
      IN: 1,
      KS: 1,
      KY: 1,
      LA: 1,
      MA: 1,
      MD: 1,
      ME: 1,
      MH: 1,
      MI: 1,
      MN: 1,
      MO: 1,
      MP: 1,
      MS: 1,
      MT: 1,
      NC: 1,
      ND: 1,
      NE: 1,
      NH: 1,
      NJ: 1,
      NM: 1,
      NV: 1,
      NY: 1,
      OH: 1,
      OK: 1,
      OR: 1,
      PA: 1,
      PR: 1,
      PW: 1,
      RI: 1,
      SC: 1,
      SD: 1,
      TN: 1,
      TX: 1,
      UM: 1,
      UT: 1,
      VA: 1,
      VI: 1,
      VT: 1,
      WA: 1,
      WI: 1,
      WV: 1,
      WY: 1,
    },
  },
  CA: {
    examples: 'ON, QC, BC',
    codes: { AB: 1, BC: 1, MB: 1, NB: 1, NL: 1, NS: 1, NT: 1, NU: 1, ON: 1, PE: 1, QC: 1, SK: 1, YT: 1 },
  },
  AU: { examples: 'NSW, VIC, QLD', codes: { ACT: 1, NSW: 1, NT: 1, QLD: 1, SA: 1, TAS: 1, VIC: 1, WA: 1 } },
  BR: {},
  CN: {},
  IN: {},
  JP: {},
  MX: {},
};
