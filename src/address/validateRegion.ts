import type { CountryCode } from './countries.js';
import { regionRules } from './regionRules.js';
import type { FieldCheck } from './validatePostalCode.js';

/**
 * Checks a region (whitespace already normalised): required where the country's addresses need
 * one, and for the US, Canada and Australia one of their postal codes, upper-cased (`'ca'` → `'CA'`).
 * @internal
 */
export function validateRegion(country: CountryCode, region: string | undefined): FieldCheck<string | undefined> {
  const rule = regionRules[country];
  if (rule === undefined) return { ok: true, value: region };
  if (region === undefined) {
    return { ok: false, rule: 'region_required', message: `An address in ${country} needs a region` };
  }
  if (rule.codes === undefined) return { ok: true, value: region };
  const code = region.toUpperCase();
  if (Object.hasOwn(rule.codes, code)) return { ok: true, value: code };
  return {
    ok: false,
    rule: 'invalid_region',
    message: `"${region}" is not a region code of ${country} (such as ${rule.examples ?? '…'})`,
  };
}
