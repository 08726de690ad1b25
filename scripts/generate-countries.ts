/**
 * Writes `src/address/countries.ts`: every officially assigned ISO 3166-1 alpha-2 code with its
 * common English name, from the `world-countries` package (a devDependency).
 *
 *   npm run generate:countries
 *
 * `test/address/countries.test.ts` checks the committed file against the same source (and the
 * codes against the `iso-3166` package), so an upgrade of either shows up as a failing test.
 */
import { writeFileSync } from 'node:fs';
import { renderCountries } from './renderCountries.js';

const file = new URL('../src/address/countries.ts', import.meta.url);
writeFileSync(file, renderCountries());
console.log(`wrote ${file.pathname}`);
