import type { AddressProps } from './AddressProps.js';
import { addressFormats, defaultAddressFormat } from './addressFormats.js';
import { countryNames } from './countries.js';

/** Options of {@link Address.format}. */
export interface FormatOptions {
  /** Leave out the last line, the country name, as for domestic mail. Default `false`. */
  readonly omitCountry?: boolean;
}

/** Separators and spaces left at either end of a line when an optional part is absent. */
const DANGLING = /^[\s,/-]+|[\s,/-]+$/g;
const PART = /%([CSZ])/g;

/**
 * Lays an address out as its country's postal service prints it, one string per line, with the
 * country's English name last (unless `omitCountry`).
 * @internal
 */
export function formatAddress(props: AddressProps, options?: FormatOptions): readonly string[] {
  const template = addressFormats[props.country] ?? defaultAddressFormat;
  const out: string[] = [];
  for (const line of template.split('%n')) {
    if (line === '%A') {
      out.push(...props.lines);
      continue;
    }
    let missing = false;
    const filled = line.replace(PART, (_, part: string) => {
      const value = part === 'C' ? props.locality : part === 'S' ? props.region : props.postalCode;
      if (value === undefined) missing = true;
      return value ?? '';
    });
    const text = missing ? filled.replace(/ {2,}/g, ' ').replace(DANGLING, '') : filled;
    if (text !== '') out.push(text);
  }
  if (options?.omitCountry !== true) out.push(countryNames[props.country]);
  return out;
}
