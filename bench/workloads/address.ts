import { Address, type AddressInput } from '../../src/address/index.js';
import { defineWorkload, sink } from '../harness.js';

// US addresses with untidy whitespace and lower-case codes, so normalisation has work to do.
const N = 1000;
const STATES = ['CA', 'ny', 'TX', 'wa', 'IL', 'ma', 'DC'] as const;
const inputs: AddressInput[] = Array.from({ length: N }, (_, i) => ({
  lines: i % 3 === 0 ? [`${i}  Main Street `, `Suite ${i % 40}`] : [` ${i} Main Street`],
  locality: ` City ${i % 50}`,
  region: STATES[i % STATES.length],
  postalCode: i % 4 === 0 ? `${10000 + i}-${1000 + i}` : `${10000 + i}`,
  country: i % 2 === 0 ? 'US' : 'us',
}));
const copies = inputs.map((input) => ({ ...input, lines: [...input.lines] }) as AddressInput);

interface Plain {
  readonly lines: readonly string[];
  readonly locality: string;
  readonly region: string;
  readonly postalCode: string;
  readonly country: string;
}

// Hand-written: the same rules for the US only (types, non-empty text, whitespace and NFC
// normalisation, known country, state code, ZIP or ZIP+4), then a shallow freeze.
const US_STATES = new Set([
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
]);
const ZIP = /^(\d{5})(?:[- ]?(\d{4}))?$/;
const clean = (value: unknown, field: string): string => {
  if (typeof value !== 'string') throw new Error(field);
  const text = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (text.length < 1 || text.length > 100) throw new Error(field);
  return text;
};
const handCreate = (input: AddressInput): Plain => {
  if (!Array.isArray(input.lines) || input.lines.length < 1 || input.lines.length > 3) throw new Error('lines');
  const lines = Object.freeze(input.lines.map((line, i) => clean(line, `lines.${i}`)));
  const locality = clean(input.locality, 'locality');
  const country = clean(input.country, 'country').toUpperCase();
  if (country !== 'US') throw new Error('country');
  const region = clean(input.region, 'region').toUpperCase();
  if (!US_STATES.has(region)) throw new Error('region');
  const zip = ZIP.exec(clean(input.postalCode, 'postalCode'));
  if (zip === null) throw new Error('postalCode');
  const postalCode = zip[2] === undefined ? (zip[1] as string) : `${zip[1]}-${zip[2]}`;
  return Object.freeze({ lines, locality, region, postalCode, country });
};
const handEquals = (a: Plain, b: Plain): boolean => {
  if (
    a.country !== b.country ||
    a.postalCode !== b.postalCode ||
    a.locality !== b.locality ||
    a.region !== b.region ||
    a.lines.length !== b.lines.length
  ) {
    return false;
  }
  for (let i = 0; i < a.lines.length; i++) if (a.lines[i] !== b.lines[i]) return false;
  return true;
};

const handLeft = inputs.map(handCreate);
const handRight = copies.map(handCreate);
const voLeft = inputs.map((input) => Address.create(input));
const voRight = copies.map((input) => Address.create(input));

const create = defineWorkload({
  name: 'address/create',
  opsPerCall: N,
  baseline: {
    name: 'hand-written validation + freeze',
    fn: () => {
      for (let i = 0; i < N; i++) sink.value = handCreate(inputs[i] as AddressInput);
    },
  },
  contenders: [
    {
      name: 'Address.create',
      fn: () => {
        for (let i = 0; i < N; i++) sink.value = Address.create(inputs[i] as AddressInput);
      },
    },
    {
      name: 'Address.schema.parse (zod, no instance)',
      fn: () => {
        for (let i = 0; i < N; i++) sink.value = Address.schema.parse(inputs[i]);
      },
    },
  ],
  // No target in the issue: these guard against regressions (measured about 0.4x).
  targets: { 'Address.create': 0.25 },
});

const equals = defineWorkload({
  name: 'address/equals',
  opsPerCall: N,
  baseline: {
    name: 'hand-written field comparison',
    fn: () => {
      let same = 0;
      for (let i = 0; i < N; i++) if (handEquals(handLeft[i] as Plain, handRight[i] as Plain)) same++;
      sink.value = same;
    },
  },
  contenders: [
    {
      name: 'Address#equals',
      fn: () => {
        let same = 0;
        for (let i = 0; i < N; i++) if ((voLeft[i] as Address).equals(voRight[i] as Address)) same++;
        sink.value = same;
      },
    },
  ],
  targets: { 'Address#equals': 0.8 },
});

/** Address workloads: `create` and `equals` against hand-written code (regression guards; the issue sets none). */
export const addressWorkloads = [create, equals];
