import type { CountryCode } from './countries.js';

/**
 * Postal address layouts, after Google's address metadata (libaddressinput) and the UPU
 * addressing guides, without the recipient lines. `%A` is the street lines (one output line each),
 * `%C` the locality, `%S` the region, `%Z` the postal code, `%n` a line break. China, Japan,
 * Korea and Taiwan are written big to small, as their postal services print them domestically.
 * @internal
 */
export const addressFormats: Readonly<Partial<Record<CountryCode, string>>> = {
  AR: '%A%n%Z %C%n%S',
  AT: '%A%n%Z %C',
  AU: '%A%n%C %S %Z',
  BE: '%A%n%Z %C',
  BR: '%A%n%C-%S%n%Z',
  CA: '%A%n%C %S %Z',
  CH: '%A%n%Z %C',
  CN: '%Z%n%S %C%n%A',
  DE: '%A%n%Z %C',
  DK: '%A%n%Z %C',
  ES: '%A%n%Z %C %S',
  FI: '%A%n%Z %C',
  FR: '%A%n%Z %C',
  GB: '%A%n%C%n%Z',
  ID: '%A%n%C%n%S %Z',
  IE: '%A%n%C%n%S%n%Z',
  IN: '%A%n%C %Z%n%S',
  IT: '%A%n%Z %C %S',
  JP: '〒%Z%n%S %C%n%A',
  KR: '%S %C%n%A%n%Z',
  MX: '%A%n%Z %C, %S',
  NL: '%A%n%Z %C',
  NO: '%A%n%Z %C',
  NZ: '%A%n%C %Z',
  PL: '%A%n%Z %C',
  PT: '%A%n%Z %C',
  RU: '%A%n%C%n%S%n%Z',
  SA: '%A%n%C %Z',
  SE: '%A%n%Z %C',
  SG: '%A%n%C %Z',
  TR: '%A%n%Z %C/%S',
  TW: '%Z%n%S %C%n%A',
  US: '%A%n%C, %S %Z',
};

/** The layout of countries not listed: each part on its own line, small to big. @internal */
export const defaultAddressFormat = '%A%n%C%n%S%n%Z';
