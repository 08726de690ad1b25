/**
 * Runs against the built package (`npm run build` first): imports `tactical-ddd` by name (Node
 * resolves a package's own name through its `exports`) from ESM and from CJS, in fresh processes.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { entries } from '../../entries.js';

const allSubpaths = Object.keys(entries).map((subpath) =>
  subpath === '.' ? 'tactical-ddd' : `tactical-ddd/${subpath.slice(2)}`,
);
/**
 * `tactical-ddd/testing` imports vitest, which refuses `require()`: inside vitest, test files load
 * it through the `import` condition even in CommonJS projects, so it is checked from ESM only.
 */
const esmOnly = new Set(['tactical-ddd/testing']);
const subpaths = allSubpaths.filter((subpath) => !esmOnly.has(subpath));

function run(kind: 'esm' | 'cjs', code: string): string {
  const args = kind === 'esm' ? ['--input-type=module', '-e', code] : ['--input-type=commonjs', '-e', code];
  return execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const probe = (load: (specifier: string) => string) => `
  ${subpaths.map((s, i) => `const m${i} = ${load(s)};`).join('\n')}
  const core = m0;
  const OrderId = core.defineId('Order');
  const id = OrderId.create();
  let validation;
  try { OrderId.parse('nope'); } catch (e) { validation = e; }
  const errors = Object.values({ ${subpaths.map((_, i) => `...m${i}`).join(', ')} })
    .filter((v) => typeof v === 'function' && v.prototype instanceof core.DomainError);
  console.log(JSON.stringify({
    id: /^[0-9a-f-]{36}$/.test(id),
    validation: validation instanceof core.ValidationError && validation instanceof core.DomainError,
    validationName: validation.name,
    errorNames: errors.map((E) => E.name),
    exports: ${JSON.stringify(subpaths)}.map((s, i) => [s, Object.keys([${subpaths.map((_, i) => `m${i}`).join(', ')}][i]).length]),
  }));
`;

describe('the built package', () => {
  it('loads the ESM-only testing entry from ESM, and says why from CJS', () => {
    const loaded = run('esm', `const t = await import('tactical-ddd/testing'); console.log(typeof t.forAggregate, typeof t.eventStoreConformance, typeof t.FixedClock);`);
    expect(loaded).toBe('function function function');
    expect(() => run('cjs', `require('tactical-ddd/testing')`)).toThrow(/Vitest cannot be imported in a CommonJS module/);
  });

  it('imports from ESM and requires from CJS with the same API', () => {
    const esm = JSON.parse(run('esm', probe((s) => `await import('${s}')`)));
    const cjs = JSON.parse(run('cjs', probe((s) => `require('${s}')`)));
    expect(esm.id).toBe(true);
    expect(esm.validation).toBe(true);
    expect(esm.validationName).toBe('ValidationError');
    expect(cjs).toEqual(esm);
    for (const [, count] of esm.exports) expect(count).toBeGreaterThan(0);
  });

  it('keeps error names and instanceof right across entry points in both formats', () => {
    const check = (load: (s: string) => string) => `
      const core = ${load('tactical-ddd')};
      const mods = [${subpaths.map((s) => load(s)).join(', ')}];
      const wrong = [];
      for (const mod of mods) for (const [key, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
        // Test-kit assertion failures are not domain errors; every other error class is.
        if (!(value.prototype instanceof core.DomainError) && value !== core.DomainError && !key.endsWith('AssertionError')) wrong.push(key + ': not a DomainError');
        if (value !== core.DomainError && value.name !== key) wrong.push(key + ': class name ' + value.name);
      }
      const e = new core.ConcurrencyError('s', 1, 2);
      if (e.name !== 'ConcurrencyError') wrong.push('instance name ' + e.name);
      console.log(JSON.stringify(wrong));
    `;
    expect(JSON.parse(run('esm', check((s) => `await import('${s}')`)))).toEqual([]);
    expect(JSON.parse(run('cjs', check((s) => `require('${s}')`)))).toEqual([]);
  });
});
