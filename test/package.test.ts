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

  it('maps every subpath to its CJS types for node10 resolution (typesVersions)', () => {
    const mapped = Object.entries(pkg.typesVersions['*']);
    expect(mapped.map(([subpath]) => `./${subpath}`).sort()).toEqual(
      Object.keys(entries)
        .filter((subpath) => subpath !== '.')
        .sort(),
    );
    for (const [subpath, targets] of mapped) expect(targets).toEqual([pkg.exports[`./${subpath}`].require.types]);
    expect(pkg.types).toBe(pkg.exports['.'].require.types);
  });

  it('says where the code, the docs and the issues live, and builds before every pack', () => {
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w-]+\/tactical-ddd\.git$/);
    const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(pkg.bugs.url).toBe(`${repository}/issues`);
    expect(pkg.homepage).toMatch(/^https:\/\/[\w-]+\.github\.io\/tactical-ddd\/$/);
    expect(pkg.author).toEqual(expect.any(String));
    expect(pkg.scripts.prepack).toBe('npm run build');
    // The source maps point into src/ instead of embedding it, so src/ ships beside dist/.
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'src']));
  });

  it('marks every peer but zod optional, and links the examples as workspaces', () => {
    const optional = Object.keys(pkg.peerDependenciesMeta).filter((name) => pkg.peerDependenciesMeta[name].optional);
    expect(optional.sort()).toEqual(
      Object.keys(pkg.peerDependencies)
        .filter((name) => name !== 'zod')
        .sort(),
    );
    expect(pkg.workspaces).toEqual(['.', 'examples/*']);
  });

  it('keeps the runtime dependencies to the fixed set, with zod as a peer', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['decimal.js', 'uuid']);
    expect(pkg.peerDependencies.zod).toBe('^4.0.0');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.type).toBe('module');
  });
});
