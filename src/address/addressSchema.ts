import * as z from 'zod';
import { ASK_ZOD, lengthWithin, registerKnownSchema } from '../core/compileParse.js';
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
export const addressSchema: z.ZodType<AddressProps, AddressInput> = /*@__PURE__*/ registerKnownSchema(
  /*@__PURE__*/ z
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
    }) as unknown as z.ZodType<AddressProps, AddressInput>,
  // The same rules written out (what `Address.create` runs): anything they do not accept outright
  // goes to the schema above, which words the errors.
  // Its own parser's props are frozen; zod's are not (a value object deep-freezes them).
  { parse: parseAddress, closed: true, frozen: false },
);

/** Normalised text of at most `max` characters, or `undefined` when `value` is not that. */
function textOf(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = normalizeText(value);
  return lengthWithin(text, 1, max) ? text : undefined;
}

/** {@link addressSchema}'s rules as plain code: the frozen props, or `ASK_ZOD`. */
function parseAddress(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ASK_ZOD;
  for (const key in input) if (KNOWN_KEYS[key] !== 1) return ASK_ZOD;
  const { lines, locality, region, postalCode, country } = input as Record<string, unknown>;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 3) return ASK_ZOD;
  const cleanLines: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = textOf(lines[i], 100);
    if (line === undefined) return ASK_ZOD;
    cleanLines.push(line);
  }
  const cleanLocality = textOf(locality, 100);
  const cleanRegion = region === undefined ? undefined : textOf(region, 100);
  const cleanPostalCode = postalCode === undefined ? undefined : textOf(postalCode, 20);
  if (
    cleanLocality === undefined ||
    (region !== undefined && cleanRegion === undefined) ||
    (postalCode !== undefined && cleanPostalCode === undefined) ||
    typeof country !== 'string' ||
    country.length > 16
  ) {
    return ASK_ZOD;
  }
  const code = country.trim().toUpperCase();
  if (!isCountryCode(code)) return ASK_ZOD;
  const checkedPostalCode = validatePostalCode(code, cleanPostalCode);
  const checkedRegion = validateRegion(code, cleanRegion);
  if (!checkedPostalCode.ok || !checkedRegion.ok) return ASK_ZOD;
  // The keys in the order the schema's transform writes them (JSON and stored documents keep it).
  const frozenLines = Object.freeze(cleanLines);
  const regionValue = checkedRegion.value;
  const postalValue = checkedPostalCode.value;
  if (regionValue === undefined) {
    return Object.freeze(
      postalValue === undefined
        ? { lines: frozenLines, locality: cleanLocality, country: code }
        : { lines: frozenLines, locality: cleanLocality, postalCode: postalValue, country: code },
    );
  }
  return Object.freeze(
    postalValue === undefined
      ? { lines: frozenLines, locality: cleanLocality, region: regionValue, country: code }
      : { lines: frozenLines, locality: cleanLocality, region: regionValue, postalCode: postalValue, country: code },
  );
}
