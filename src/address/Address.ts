import type { DeepReadonly } from '../core/DeepReadonly.js';
import { defineValueObject } from '../core/defineValueObject.js';
import type { AddressInput, AddressProps } from './AddressProps.js';
import { addressSchema } from './addressSchema.js';
import { type CountryCode, countryNames } from './countries.js';
import { type FormatOptions, formatAddress } from './formatAddress.js';

/**
 * A postal address: one to three street lines, a locality, an optional region, a postal code and
 * an ISO 3166-1 alpha-2 country, validated for its country and kept in normal form.
 *
 * `create` trims and collapses whitespace (Unicode NFC), upper-cases the country code, US, CA
 * and AU region codes and postal-code letters, and writes postal codes in their country's
 * canonical spacing (`'sw1a1aa'` → `'SW1A 1AA'`, `'k1a0b1'` → `'K1A 0B1'`, `'1234ab'` →
 * `'1234 AB'`, `'123456789'` → `'12345-6789'`). Two addresses are equal when their normal forms
 * are. Postal codes follow each country's rule for 30+ countries (the 25 largest economies
 * among them) and a lenient rule (2 to 10 letters, digits, spaces, hyphens) elsewhere; countries
 * without postal codes take none. A region is required in US, CA, AU, BR, MX, IN, CN and JP.
 * Street lines, locality and region hold at most 100 characters, a postal code at most 20.
 *
 * @example
 * ```ts
 * const office = Address.create({
 *   lines: ['1600  Pennsylvania Ave NW'],
 *   locality: 'Washington',
 *   region: 'dc',
 *   postalCode: '20500',
 *   country: 'us',
 * });
 * office.props.region; // 'DC'
 * office.format();
 * // '1600 Pennsylvania Ave NW\nWashington, DC 20500\nUnited States'
 * ```
 */
export class Address extends /*@__PURE__*/ defineValueObject('Address', addressSchema) {
  /**
   * Rebuilds an address from its JSON form (the output of `toJSON()`), validating it again.
   *
   * @param json - The parsed JSON value.
   * @returns The address.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `json` is not a valid address.
   *
   * @example
   * ```ts
   * const copy = Address.fromJSON(JSON.parse(JSON.stringify(address)));
   * copy.equals(address); // true
   * ```
   */
  static fromJSON<TSelf>(this: { readonly prototype: TSelf }, json: unknown): TSelf {
    return (this as unknown as typeof Address).create(json as AddressInput) as TSelf;
  }

  /** The street lines, one to three. */
  get lines(): readonly string[] {
    return this.props.lines;
  }

  /** The city, town or village. */
  get locality(): string {
    return this.props.locality;
  }

  /** The state, province, prefecture or county, if any. */
  get region(): string | undefined {
    return this.props.region;
  }

  /** The postal code in canonical form, if any. */
  get postalCode(): string | undefined {
    return this.props.postalCode;
  }

  /** The ISO 3166-1 alpha-2 country code. */
  get country(): CountryCode {
    return this.props.country;
  }

  /** The country's common English name, such as `'United States'`. */
  get countryName(): string {
    return countryNames[this.props.country];
  }

  /**
   * Lays the address out as its country's postal service prints it, lines joined with `'\n'`,
   * the country's English name last. Parts a country's layout leaves out (a county in GB) stay in
   * the value but are not printed; China, Japan, Korea and Taiwan are printed big to small.
   *
   * @param options - `omitCountry: true` leaves the country line out, for domestic mail.
   * @returns The multi-line address.
   *
   * @example
   * ```ts
   * Address.create({ lines: ['Unter den Linden 77'], locality: 'Berlin', postalCode: '10117', country: 'DE' }).format();
   * // 'Unter den Linden 77\n10117 Berlin\nGermany'
   * ```
   */
  format(options?: FormatOptions): string {
    return formatAddress(this.props, options).join('\n');
  }

  /**
   * Lays the address out like {@link Address.format}, one string per line.
   *
   * @param options - `omitCountry: true` leaves the country line out.
   * @returns The lines of the address label.
   *
   * @example
   * ```ts
   * address.formatLines({ omitCountry: true }); // ['Unter den Linden 77', '10117 Berlin']
   * ```
   */
  formatLines(options?: FormatOptions): readonly string[] {
    return formatAddress(this.props, options);
  }

  protected override propsEqual(other: DeepReadonly<AddressProps>): boolean {
    const a = this.props;
    if (
      a.country !== other.country ||
      a.postalCode !== other.postalCode ||
      a.locality !== other.locality ||
      a.region !== other.region ||
      a.lines.length !== other.lines.length
    ) {
      return false;
    }
    for (let i = 0; i < a.lines.length; i++) if (a.lines[i] !== other.lines[i]) return false;
    return true;
  }
}
