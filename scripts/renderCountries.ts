import { createRequire } from 'node:module';
import countries from 'world-countries';

const sourceVersion = (createRequire(import.meta.url)('world-countries/package.json') as { version: string }).version;

/** One officially assigned ISO 3166-1 country: its alpha-2 code and common English name. */
export interface CountryRow {
  readonly code: string;
  readonly name: string;
}

/** The officially assigned countries of the source, sorted by code. */
export function countryRows(): readonly CountryRow[] {
  return countries
    .filter((country) => country.status === 'officially-assigned')
    .map((country) => ({ code: country.cca2, name: country.name.common }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** The text of `src/address/countries.ts`. */
export function renderCountries(rows: readonly CountryRow[] = countryRows()): string {
  const names = rows.map((row) => `  ${row.code}: ${JSON.stringify(row.name)},`).join('\n');
  return `// GENERATED FILE: do not edit. Run \`npm run generate:countries\` (scripts/generate-countries.ts).
// Source: world-countries@${sourceVersion}, every officially assigned ISO 3166-1 alpha-2 code (${rows.length}).

/**
 * The common English name of every officially assigned ISO 3166-1 alpha-2 country code, as
 * printed on the last line of an international address.
 *
 * @example
 * \`\`\`ts
 * countryNames.DE; // 'Germany'
 * \`\`\`
 */
export const countryNames = {
${names}
} as const satisfies Readonly<Record<string, string>>;

/**
 * An officially assigned ISO 3166-1 alpha-2 country code, such as \`'US'\` or \`'DE'\`.
 *
 * @example
 * \`\`\`ts
 * const home: CountryCode = 'FR';
 * \`\`\`
 */
export type CountryCode = keyof typeof countryNames;
`;
}
