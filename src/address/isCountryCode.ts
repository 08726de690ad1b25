import { type CountryCode, countryNames } from './countries.js';

/**
 * Tells whether `value` is an officially assigned ISO 3166-1 alpha-2 code, in upper case.
 *
 * @param value - Anything.
 * @returns `true` for `'US'`, `'DE'`…; `false` for `'us'`, `'XX'`, `'XK'` or a non-string.
 *
 * @example
 * ```ts
 * isCountryCode('FR'); // true
 * isCountryCode('UK'); // false: the code of the United Kingdom is GB
 * ```
 */
export function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === 'string' && value.length === 2 && Object.hasOwn(countryNames, value);
}
