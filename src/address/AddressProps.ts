import type { CountryCode } from './countries.js';

/**
 * The normalised value of an {@link Address}: what `props` and `toJSON()` hold. Optional fields
 * are absent, never `undefined`.
 *
 * @example
 * ```ts
 * const props: AddressProps = { lines: ['10 Downing Street'], locality: 'London', postalCode: 'SW1A 2AA', country: 'GB' };
 * ```
 */
export interface AddressProps {
  /** One to three street lines (house number, street, building, unit). */
  readonly lines: readonly string[];
  /** The city, town or village. */
  readonly locality: string;
  /** The state, province, prefecture or county; upper-case codes for US, CA and AU. */
  readonly region?: string;
  /** The postal code in its country's canonical form (`'SW1A 2AA'`, `'20500-0003'`). */
  readonly postalCode?: string;
  /** The ISO 3166-1 alpha-2 country code. */
  readonly country: CountryCode;
}

/**
 * What {@link Address.create} accepts: the fields of {@link AddressProps} before normalisation
 * (any whitespace, country and postal-code letters in either case).
 *
 * @example
 * ```ts
 * const input: AddressInput = { lines: [' 1600  Pennsylvania Ave NW '], locality: 'Washington', region: 'dc', postalCode: '20500', country: 'us' };
 * ```
 */
export interface AddressInput {
  readonly lines: readonly [string, string?, string?];
  readonly locality: string;
  readonly region?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly country: CountryCode | Lowercase<CountryCode>;
}
