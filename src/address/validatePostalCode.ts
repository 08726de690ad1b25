import type { CountryCode } from './countries.js';
import { lenientPostalCode, noPostalCodeCountries, postalCodeRules } from './postalCodeRules.js';

/** The outcome of a field check: the normalised value, or the broken rule. @internal */
export type FieldCheck<TValue> =
  | { readonly ok: true; readonly value: TValue }
  | { readonly ok: false; readonly rule: string; readonly message: string };

const NON_ASCII = /[^\x20-\x7e]/;

/**
 * Checks a postal code (whitespace already normalised) against its country's rule and returns it
 * in canonical form: full-width digits and letters folded to ASCII (NFKC, `'１００－０００１'` →
 * `'100-0001'`), upper case, the country's spacing (`'sw1a1aa'` → `'SW1A 1AA'`).
 * @internal
 */
export function validatePostalCode(
  country: CountryCode,
  postalCode: string | undefined,
): FieldCheck<string | undefined> {
  const rule = postalCodeRules[country];
  if (postalCode === undefined) {
    return rule === undefined || rule.required === false
      ? { ok: true, value: undefined }
      : { ok: false, rule: 'postal_code_required', message: `An address in ${country} needs a postal code` };
  }
  if (noPostalCodeCountries[country] === 1) {
    return { ok: false, rule: 'postal_code_not_used', message: `${country} has no postal codes; leave it out` };
  }
  const folded = postalCode.normalize('NFKC');
  const upper = folded.toUpperCase();
  if (!NON_ASCII.test(folded)) {
    if (rule === undefined) {
      if (lenientPostalCode.test(upper)) return { ok: true, value: upper };
    } else {
      const match = rule.pattern.exec(upper);
      if (match !== null) {
        const parts = match.slice(1).filter((part) => part !== undefined);
        return { ok: true, value: parts.join(rule.join ?? '') };
      }
    }
  }
  const expected = rule === undefined ? '2 to 10 letters, digits, spaces or hyphens' : `for example ${rule.example}`;
  return {
    ok: false,
    rule: 'invalid_postal_code',
    message: `"${postalCode}" is not a valid postal code in ${country} (expected ${expected})`,
  };
}
