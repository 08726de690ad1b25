/**
 * The guides' text and code, checked without building the site: every snippet block shows the
 * current code of its region in `docs/snippets` (`npm run docs:sync` refreshes them), no page holds
 * an include directive or TypeDoc link syntax (GitHub would show them as text), and no page
 * speaks of material users do not have.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideFiles, readRegion, snippetBlocks, syncGuide } from '../../scripts/docs-snippets.js';

const pages = [...guideFiles(), resolve('docs/index.md')];
/** Words that point at material users do not have, or at how the project is organised. */
const banned = [/\bseed/i, /shared\//i, /\bsketch/i, /mind map/i, /being added/i];
/** Syntax another tool would have expanded: on GitHub and in VitePress it shows as text. */
const directives = [/\{@includeCode\b/, /\{@include\b/, /\{@link\b/];

describe.each(pages.map((file) => [basename(file), file]))('%s', (_name, file) => {
  const markdown = readFileSync(file, 'utf8');

  it('shows each snippet region as it is in docs/snippets', () => {
    for (const { key, code } of snippetBlocks(markdown)) expect(code, key).toBe(readRegion(key).code);
    expect(syncGuide(markdown)).toBe(markdown);
  });

  it('holds no include directive and no TypeDoc link syntax', () => {
    expect(directives.filter((pattern) => pattern.test(markdown)).map(String)).toEqual([]);
  });

  it('speaks only of the library and its users', () => {
    const lines = markdown.split('\n');
    const hits = lines.flatMap((line, index) =>
      banned.filter((word) => word.test(line)).map((word) => `${index + 1}: ${word} in "${line.trim()}"`),
    );
    expect(hits).toEqual([]);
  });
});

describe('the guides check', () => {
  it('finds the snippet blocks of a page and notices a block out of date', () => {
    const page = readFileSync(resolve('docs/guides/getting-started.md'), 'utf8');
    const blocks = snippetBlocks(page);
    expect(blocks.map((block) => block.key)).toContain('getting-started.ts#aggregate');
    const stale = page.replace(readRegion('getting-started.ts#aggregate').code, 'const stale = 1;');
    expect(syncGuide(stale)).toBe(page);
    expect(snippetBlocks(stale).find((block) => block.key === 'getting-started.ts#aggregate')?.code).toBe(
      'const stale = 1;',
    );
  });

  it('refuses a block that names a missing region', () => {
    expect(() => readRegion('getting-started.ts#nowhere')).toThrow(/region not found/);
    expect(() => readRegion('getting-started.ts')).toThrow(/name a region/);
  });
});
