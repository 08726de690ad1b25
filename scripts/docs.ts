/**
 * Builds the docs site into `docs/site` (git-ignored): the API reference of every entry point as
 * markdown (`scripts/docs-api.ts`, strict TypeDoc validation), then the VitePress site around it
 * and the guides, one navigation and one search. Twoslash compiles every `ts twoslash` block of the
 * guides against `src/`; a compile error fails the build.
 */
import { build } from 'vitepress';
import { buildApiReference } from './docs-api.js';

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
try {
  await buildApiReference();
  console.log(`docs: API reference written in ${seconds()} s`);
  await build('docs');
  console.log(`docs: built docs/site in ${seconds()} s`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
