/**
 * Postal addresses as value objects: `Address` validates and normalises street lines, locality,
 * region, postal code and ISO 3166-1 alpha-2 country, per country, and prints the country's
 * postal layout.
 *
 * @example
 * ```ts
 * import { Address, type CountryCode } from 'tactical-ddd/address';
 *
 * const country: CountryCode = 'GB';
 * const address = Address.create({ lines: ['10 Downing Street'], locality: 'London', postalCode: 'sw1a2aa', country });
 * address.format(); // '10 Downing Street\nLondon\nSW1A 2AA\nUnited Kingdom'
 * ```
 *
 * @module tactical-ddd/address
 */
export { Address } from './Address.js';
export type { AddressInput, AddressProps } from './AddressProps.js';
export { type CountryCode, countryNames } from './countries.js';
export type { FormatOptions } from './formatAddress.js';
export { isCountryCode } from './isCountryCode.js';
