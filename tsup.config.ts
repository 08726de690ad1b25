import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { defineConfig } from 'tsup';
import { entries } from './entries.js';

/** `'./money'` → `'money/index'`, `'.'` → `'index'`: the output path without extension. */
const outName = (subpath: string): string => (subpath === '.' ? 'index' : `${subpath.slice(2)}/index`);

/**
 * tsup's CommonJS splitting step names its intermediate file by absolute path in each CJS map;
 * rewritten relative to the map, so the published maps hold no path of the machine that built them.
 */
function relativeMapSources(dir: string): void {
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.map')) continue;
    const path = join(dir, file);
    const map = JSON.parse(readFileSync(path, 'utf8')) as { sources: string[] };
    if (!map.sources.some((source) => isAbsolute(source))) continue;
    map.sources = map.sources.map((source) => (isAbsolute(source) ? relative(dirname(path), source) : source));
    writeFileSync(path, JSON.stringify(map));
  }
}

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).map(([subpath, file]) => [outName(subpath), file])),
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'neutral',
  // The Standard Schema interface is inlined in the declarations: it is a devDependency (types
  // only), so users need not install it.
  dts: { resolve: ['@standard-schema/spec'] },
  // One copy of each class per format, or `instanceof DomainError` fails across entry points.
  splitting: true,
  // No `keepNames`: its `__name(...)` calls are side effects that stop consumers' bundlers from
  // dropping unused classes. CJS splitting may rename classes (`_class`), so every error class
  // sets its `name` explicitly, and test/dist checks it in both formats.
  keepNames: false,
  // Source maps point into the `src/` folder shipped beside `dist/`, instead of embedding a copy
  // of the source in every map (twice: once per format).
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  clean: true,
  treeshake: false,
  tsconfig: 'tsconfig.build.json',
  onSuccess: async () => relativeMapSources('dist'),
});
