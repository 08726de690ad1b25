import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entries } from '../entries.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const budgets: { name: string; path: string }[] = JSON.parse(
  readFileSync(new URL('../.size-limit.json', import.meta.url), 'utf8'),
);

const dist = (subpath: string): string => (subpath === '.' ? './dist/index' : `./dist/${subpath.slice(2)}/index`);

describe('package.json', () => {
  it('exports exactly the entry points that tsup builds, with types for ESM and CJS', () => {
    const exported = Object.keys(pkg.exports).filter((key) => key !== './package.json');
    expect(exported.sort()).toEqual(Object.keys(entries).sort());
    for (const subpath of Object.keys(entries)) {
      expect(pkg.exports[subpath]).toEqual({
        import: { types: `${dist(subpath)}.d.ts`, default: `${dist(subpath)}.js` },
        require: { types: `${dist(subpath)}.d.cts`, default: `${dist(subpath)}.cjs` },
      });
    }
  });

  it('gives every entry point a size budget', () => {
    for (const subpath of Object.keys(entries)) {
      expect(budgets.some((budget) => budget.path === `${dist(subpath)}.js`.slice(2))).toBe(true);
    }
  });

  it('keeps the runtime dependencies to the fixed set, with zod as a peer', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['decimal.js', 'ts-pattern', 'uuid']);
    expect(pkg.peerDependencies.zod).toBe('^4.0.0');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.type).toBe('module');
  });
});
