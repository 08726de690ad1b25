/**
 * Runs against the built package (`npm run build` first): imports `tactical-ddd` by name (Node
 * resolves a package's own name through its `exports`) from ESM and from CJS, in fresh processes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries } from '../../entries.js';

const allSubpaths = Object.keys(entries).map((subpath) =>
  subpath === '.' ? 'tactical-ddd' : `tactical-ddd/${subpath.slice(2)}`,
);
/**
 * `tactical-ddd/testing/vitest` imports vitest, which refuses `require()`: inside vitest, test files load
 * it through the `import` condition even in CommonJS projects, so it is checked from ESM only.
 */
const esmOnly = new Set(['tactical-ddd/testing/vitest']);
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
  it('loads the vitest suites from ESM only, and says why from CJS', () => {
    const loaded = run(
      'esm',
      `const t = await import('tactical-ddd/testing/vitest'); console.log(typeof t.eventStoreConformance, typeof t.sessionConformance);`,
    );
    expect(loaded).toBe('function function');
    expect(() => run('cjs', `require('tactical-ddd/testing/vitest')`)).toThrow(
      /Vitest cannot be imported in a CommonJS module/,
    );
  });

  it('runs the framework-free test kit under node:test, from ESM and CJS, without vitest', () => {
    // Inside the package, so that 'tactical-ddd' and 'zod' resolve as they do for a user's project.
    mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(process.cwd(), '.tmp', 'node-test-'));
    const scenario = (load: string) => `
      ${load}
      const AccountOpened = core.defineEvent('AccountOpened', z.object({ owner: z.string() }));
      class Account extends core.AggregateRoot {
        static blank() { return new Account('acc-1', { owner: undefined }); }
        open(owner) { if (this.state.owner) throw new core.InvariantViolationError('account.new', 'Already open'); this.state.owner = owner; this.raise(AccountOpened({ owner })); }
      }
      test('opens an account', () => {
        testing.forAggregate(Account.blank).when((a) => a.open('Ada')).then([AccountOpened({ owner: 'Ada' })]);
      });
      test('refuses to open it twice', () => {
        testing.forAggregate(() => { const a = Account.blank(); a.open('Ada'); a.pullEvents(); return a; })
          .when((a) => a.open('Bob')).then(core.InvariantViolationError);
      });
      test('fails with a ScenarioAssertionError', () => {
        assert.throws(() => testing.forAggregate(Account.blank).when(() => undefined).then([AccountOpened({ owner: 'Ada' })]), testing.ScenarioAssertionError);
      });
    `;
    writeFileSync(
      join(dir, 'account.test.mjs'),
      scenario(`import { test } from 'node:test'; import assert from 'node:assert/strict'; import * as z from 'zod'; import * as core from 'tactical-ddd'; import * as testing from 'tactical-ddd/testing';`),
    );
    writeFileSync(
      join(dir, 'account.test.cjs'),
      scenario(`const { test } = require('node:test'); const assert = require('node:assert/strict'); const z = require('zod'); const core = require('tactical-ddd'); const testing = require('tactical-ddd/testing');`),
    );
    try {
      for (const file of ['account.test.mjs', 'account.test.cjs']) {
        const output = execFileSync(process.execPath, ['--test', join(dir, file)], {
          encoding: 'utf8',
          cwd: process.cwd(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        expect(output).toMatch(/# pass 3/);
        expect(output).toMatch(/# fail 0/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
