/**
 * Runs the built package where neither `pg` nor `@electric-sql/pglite` is installed: importing
 * `tactical-ddd/postgres` works, and only the adapters that need a driver fail, saying what to
 * install.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'tactical-ddd-no-drivers-'));
  const pkg = join(app, 'node_modules', 'tactical-ddd');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  for (const dependency of ['uuid', 'zod', 'decimal.js']) {
    symlinkSync(join(root, 'node_modules', dependency), join(app, 'node_modules', dependency), 'dir');
  }
});

afterAll(() => {
  rmSync(app, { recursive: true, force: true });
});

const probe = (load: string) => `
  const postgres = ${load};
  const outcome = async (f) => { try { await f(); return 'resolved'; } catch (e) { return e.name + ': ' + e.message; } };
  (async () => {
    console.log(JSON.stringify({
      exports: Object.keys(postgres).length,
      pg: await outcome(() => postgres.connectPg('postgres://127.0.0.1:1/none')),
      pglite: await outcome(() => postgres.openPGlite()),
    }));
  })();
`;

function run(kind: 'esm' | 'cjs', code: string): { exports: number; pg: string; pglite: string } {
  const args = [kind === 'esm' ? '--input-type=module' : '--input-type=commonjs', '-e', code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: app, encoding: 'utf8' }).trim());
}

describe('tactical-ddd/postgres without its optional drivers', () => {
  it.each([
    ['ESM', 'esm', "await import('tactical-ddd/postgres')"],
    ['CJS', 'cjs', "require('tactical-ddd/postgres')"],
  ] as const)('imports from %s, and each adapter says what to install', (_, kind, load) => {
    const result = run(kind, probe(load));
    expect(result.exports).toBeGreaterThan(0);
    expect(result.pg).toMatch(/^MissingPeerDependencyError: connectPg needs .*`npm install pg`$/);
    expect(result.pglite).toMatch(/^MissingPeerDependencyError: openPGlite needs .*`npm install @electric-sql\/pglite`$/);
  });
});
