/**
 * Runs against the built package (`npm run build` first): its source maps point into the `src/`
 * folder that ships beside `dist/`, instead of embedding a copy of the source.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');
const maps = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.map'));

describe('the source maps', () => {
  it('exist for every JavaScript file, ESM and CJS', () => {
    const scripts = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.c?js$/.test(file));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((file) => !maps.includes(`${file}.map`))).toEqual([]);
  });

  it('name only files of the package, by relative path, without embedding their content', () => {
    const wrong: string[] = [];
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(dist, file), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      if (map.sourcesContent !== undefined) wrong.push(`${file}: embeds sourcesContent`);
      for (const source of map.sources) {
        const target = resolve(dirname(join(dist, file)), source);
        if (isAbsolute(source)) wrong.push(`${file}: absolute source ${source}`);
        else if (relative(root, target).startsWith('..') || !existsSync(target)) wrong.push(`${file}: ${source} is missing`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
