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
  // CJS splitting renames classes (`_class`); keep `error.name` right.
  keepNames: true,
  sourcemap: true,
  clean: true,
  treeshake: false,
  tsconfig: 'tsconfig.build.json',
});
