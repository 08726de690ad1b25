import { defineConfig } from 'tsup';
import { entries } from './entries.js';

/** `'./money'` → `'money/index'`, `'.'` → `'index'`: the output path without extension. */
const outName = (subpath: string): string => (subpath === '.' ? 'index' : `${subpath.slice(2)}/index`);

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).map(([subpath, file]) => [outName(subpath), file])),
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'neutral',
  dts: true,
  // One copy of each class per format, or `instanceof DomainError` fails across entry points.
  splitting: true,
  // No `keepNames`: its `__name(...)` calls are side effects that stop consumers' bundlers from
  // dropping unused classes. CJS splitting may rename classes (`_class`), so every error class
  // sets its `name` explicitly, and test/dist checks it in both formats.
  keepNames: false,
  sourcemap: true,
  clean: true,
  treeshake: false,
  tsconfig: 'tsconfig.build.json',
});
