import * as z from 'zod';
import type { AddressInput, AddressProps } from './AddressProps.js';
import { isCountryCode } from './isCountryCode.js';
import { normalizeText } from './normalizeText.js';
import { validatePostalCode } from './validatePostalCode.js';
import { validateRegion } from './validateRegion.js';

const KNOWN_KEYS: Readonly<Record<string, 1>> = { lines: 1, locality: 1, region: 1, postalCode: 1, country: 1 };

/*@__NO_SIDE_EFFECTS__*/
const text = (max: number) =>
  z.string().overwrite(normalizeText).min(1, 'Must not be empty').max(max, `Must be at most ${max} characters`);

/**
 * The zod schema of an address: checks types and lengths, then the country-dependent rules
 * (known country, postal code, region), and returns the normalised {@link AddressProps}. Unknown
 * keys are rejected one by one (rule `unrecognized_key`), so the error names them. Its input
 * type is {@link AddressInput}: at run time it accepts any value and reports what is wrong.
 * @internal
 */
export const addressSchema: z.ZodType<AddressProps, AddressInput> = /*@__PURE__*/ z
  .looseObject({
    lines: z.array(text(100)).min(1, 'Needs at least one street line').max(3, 'At most 3 street lines'),
    locality: text(100),
    region: text(100).optional(),
    postalCode: text(20).optional(),
    // Bounded so that the error message, which quotes it, stays short.
    country: z.string().max(16, 'Must be an ISO 3166-1 alpha-2 country code'),
  })
  .transform((input, ctx): AddressProps => {
    let unknownKey = false;
    for (const key in input) {
      if (KNOWN_KEYS[key] !== 1) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Unknown field', params: { rule: 'unrecognized_key' } });
        unknownKey = true;
      }
    }
    if (unknownKey) return z.NEVER;
    const country = input.country.trim().toUpperCase();
    if (!isCountryCode(country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: `"${input.country}" is not an ISO 3166-1 alpha-2 country code`,
        params: { rule: 'unknown_country' },
      });
      return z.NEVER;
    }
    const postalCode = validatePostalCode(country, input.postalCode);
    if (!postalCode.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: postalCode.message,
        params: { rule: postalCode.rule },
      });
    }
    const region = validateRegion(country, input.region);
    if (!region.ok) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: region.message, params: { rule: region.rule } });
    }
    if (!postalCode.ok || !region.ok) return z.NEVER;
    const { lines, locality } = input;
    if (region.value === undefined) {
      return postalCode.value === undefined
        ? { lines, locality, country }
        : { lines, locality, postalCode: postalCode.value, country };
    }
    return postalCode.value === undefined
      ? { lines, locality, region: region.value, country }
      : { lines, locality, region: region.value, postalCode: postalCode.value, country };
  }) as unknown as z.ZodType<AddressProps, AddressInput>;
