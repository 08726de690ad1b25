/**
 * The guides' code has one source: the snippet files in `docs/snippets`, which the tests compile and
 * run. A guide shows a region of a snippet inline, in a fenced block whose info string names it:
 *
 *     ```ts twoslash snippet=getting-started.ts#aggregate
 *
 * `npm run docs:sync` copies each region into its block (and turns a legacy `{@includeCode}` line
 * into such a block); `test/docs/guides.test.ts` fails when a block and its region differ. When the
 * site builds, twoslash compiles each block with the code before its region in the same snippet
 * file and after it as hidden context (`snippetSource`), so a block type-checks exactly as the tested file does.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const snippetsDir = resolve('docs/snippets');
export const guidesDir = resolve('docs/guides');

const regionLine = /^\s*\/\/ #(end)?region\b.*$/;
const fence = /^```ts twoslash snippet=(\S+)\n([\s\S]*?)^```$/gm;
const legacyInclude = /^\{@includeCode \.\.\/snippets\/([^}#\s]+#[\w-]+)\}$/gm;

/** The lines of `file#region` (markers of nested regions removed), and the code around them. */
export function readRegion(key: string): { code: string; prefix: string; suffix: string } {
  const [file, region] = key.split('#') as [string, string | undefined];
  if (region === undefined) throw new Error(`snippet ${key}: name a region (file#region)`);
  const lines = readFileSync(join(snippetsDir, file), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${region}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === `// #endregion ${region}`);
  if (start < 0 || end < 0) throw new Error(`snippet ${key}: region not found in docs/snippets/${file}`);
  const keep = (part: string[]) => part.filter((line) => !regionLine.test(line));
  const code = keep(lines.slice(start + 1, end))
    .join('\n')
    .replace(/\s+$/, '');
  return { code, prefix: keep(lines.slice(0, start)).join('\n'), suffix: keep(lines.slice(end + 1)).join('\n') };
}

/**
 * The twoslash source of a block that shows `code` for `key`: the code before and after its region
 * in the snippet file, hidden by twoslash's cut markers, around the block's own code.
 */
export function snippetSource(key: string, code: string): string {
  const { prefix, suffix } = readRegion(key);
  const before = prefix.trim() === '' ? '' : `${prefix}\n// ---cut---\n`;
  const after = suffix.trim() === '' ? '' : `\n// ---cut-after---\n${suffix}`;
  return `${before}${code.replace(/\n$/, '')}${after}`;
}

/** Every snippet block of a guide: its key and the code it shows. */
export function snippetBlocks(markdown: string): { key: string; code: string }[] {
  return [...markdown.matchAll(fence)].map((match) => ({
    key: match[1] as string,
    code: (match[2] as string).replace(/\n$/, ''),
  }));
}

/** The guide with every snippet block (and legacy include line) holding its region's current code. */
export function syncGuide(markdown: string): string {
  return markdown
    .replace(legacyInclude, (_line, key: string) => `\`\`\`ts twoslash snippet=${key}\n${readRegion(key).code}\n\`\`\``)
    .replace(fence, (_block, key: string) => `\`\`\`ts twoslash snippet=${key}\n${readRegion(key).code}\n\`\`\``);
}

export const guideFiles = (): string[] =>
  readdirSync(guidesDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(guidesDir, name));

if (import.meta.url === `file://${process.argv[1]}`) {
  let changed = 0;
  for (const file of [...guideFiles(), resolve('docs/index.md')]) {
    let before: string;
    try {
      before = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const after = syncGuide(before);
    if (after !== before) {
      writeFileSync(file, after);
      changed++;
    }
  }
  console.log(`docs:sync: ${changed} page(s) updated from docs/snippets`);
}
