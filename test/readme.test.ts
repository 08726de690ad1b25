/**
 * The README as the npm page shows it (where relative links break) and the examples' READMEs as
 * template instructions: what a user and a new contributor look for is there, and every link works
 * outside the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');
const pkg = JSON.parse(read('package.json')) as { version: string; homepage: string; repository: { url: string } };
const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const slug = repository.replace('https://github.com/', '');
const examples = readdirSync(new URL('../examples', import.meta.url)).filter((name) =>
  existsSync(new URL(`../examples/${name}/package.json`, import.meta.url)),
);
const links = (markdown: string): string[] => [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);

describe('README.md', () => {
  it('shows the npm version, CI and bundle size badges', () => {
    expect(readme).toContain('https://img.shields.io/npm/v/tactical-ddd');
    expect(readme).toContain(`${repository}/actions/workflows/ci.yml/badge.svg`);
    expect(readme).toContain('https://img.shields.io/bundlephobia/minzip/tactical-ddd');
  });

  it('has the install command, the docs site and the two fresh-machine commands', () => {
    expect(readme).toContain('npm install tactical-ddd zod');
    expect(readme).toContain(pkg.homepage);
    expect(readme).toContain('npm ci && npm run example');
    expect(readme).toContain('npm ci && npm test');
  });

  it('links only to absolute URLs, so the links work on the npm page too', () => {
    const relative = links(readme).filter((link) => !/^https:\/\//.test(link) && !link.startsWith('#'));
    expect(relative).toEqual([]);
  });

  it.each(examples)('links the %s example and the one command that starts a project from it', (name) => {
    expect(links(readme)).toContain(`${repository}/tree/main/examples/${name}`);
    expect(readme).toContain(`npx giget@latest gh:${slug}/examples/${name} `);
  });
});

describe.each(examples)('examples/%s', (name) => {
  const text = read(`examples/${name}/README.md`);
  const manifest = JSON.parse(read(`examples/${name}/package.json`)) as {
    dependencies: Record<string, string>;
    scripts: Record<string, string>;
  };

  it('says how to use it as a template, in one command', () => {
    expect(text).toContain(`npx giget@latest gh:${slug}/examples/${name} `);
  });

  it('stands alone: the published range of tactical-ddd, its own tsconfig, a test script', () => {
    // The current version's range: npm workspaces link the local package only when it satisfies
    // the range, and `changeset version` moves the range with every release.
    expect(manifest.dependencies['tactical-ddd']).toBe(`^${pkg.version}`);
    expect(text).not.toContain('file:../..');
    expect(read(`examples/${name}/tsconfig.json`)).not.toContain('../');
    expect(manifest.scripts['test']).toEqual(expect.any(String));
  });
});
