/**
 * Writes the API reference as markdown into `docs/api` (git-ignored) for the VitePress site:
 * TypeDoc over every entry point in `entries.ts`, with `typedoc-plugin-markdown` and
 * `typedoc-vitepress-theme` (which also writes the reference's sidebar, `docs/api/typedoc-sidebar.json`).
 * Validation is strict: an undocumented export, an exported class, function or variable without an
 * `@example`, or a broken `{@link}` fails the run.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Application, ReflectionKind, type TypeDocOptions } from 'typedoc';
import type { PluginOptions } from 'typedoc-plugin-markdown';
import { entries } from '../entries.js';
import { readableSignatures } from './docs-api-readable.js';

export const apiOut = 'docs/api';

const options: Partial<TypeDocOptions & PluginOptions> & Record<string, unknown> = {
  name: 'tactical-ddd',
  plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
  entryPoints: Object.values(entries),
  tsconfig: 'tsconfig.build.json',
  out: apiOut,
  docsRoot: './docs',
  readme: 'none',
  excludePrivate: true,
  excludeProtected: false,
  excludeInternal: true,
  excludeExternals: true,
  disableSources: true,
  // Static factories (`Money.of`, `Money.fromMinor`…) first, then instance members.
  sort: ['static-first', 'kind', 'alphabetical-ignoring-documents'],
  validation: {
    notExported: true,
    invalidLink: true,
    invalidPath: true,
    rewrittenLink: true,
    notDocumented: true,
    unusedMergeModuleWith: true,
  },
  requiredToBeDocumented: ['Class', 'Function', 'Interface', 'TypeAlias', 'Variable', 'Enum'],
  treatWarningsAsErrors: true,
  // Markdown for VitePress: one page per class/interface/function, pages headed by their name only.
  entryFileName: 'index',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  // Classes and interfaces get a page each; functions, type aliases and variables are listed on
  // their entry point's page (fewer, fuller pages: a faster build and less clicking).
  membersWithOwnFile: ['Class', 'Interface', 'Enum'],
  parametersFormat: 'table',
  interfacePropertiesFormat: 'table',
  classPropertiesFormat: 'table',
  typeDeclarationFormat: 'table',
  enumMembersFormat: 'table',
  indexFormat: 'table',
  sanitizeComments: true,
  sidebar: { autoConfiguration: true, format: 'vitepress', pretty: true, collapsed: true },
};

/** Converts and validates the project, then writes the markdown reference. */
export async function buildApiReference(): Promise<void> {
  rmSync(apiOut, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins(options);
  readableSignatures(app);
  const project = await app.convert();
  if (project === undefined) throw new Error('TypeDoc could not convert the project');
  app.validate(project);

  // Every exported class, function and variable shows how it is used: it needs an `@example`.
  const needsExample = ReflectionKind.Class | ReflectionKind.Function | ReflectionKind.Variable;
  const withoutExample = project
    .getReflectionsByKind(needsExample)
    .filter((reflection) => reflection.parent?.kindOf(ReflectionKind.Module | ReflectionKind.Project))
    .filter((reflection) => {
      const comments = [
        reflection.comment,
        ...('signatures' in reflection && Array.isArray(reflection.signatures)
          ? reflection.signatures.map((s) => s.comment)
          : []),
      ];
      return !comments.some((comment) => comment?.blockTags.some((tag: { tag: string }) => tag.tag === '@example'));
    })
    .map((reflection) => reflection.getFriendlyFullName());
  for (const name of withoutExample) app.logger.warn(`${name} has no @example`);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new Error('docs: API validation failed (see above)');
  await app.generateOutputs(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new Error('docs: API generation failed (see above)');
  for (const file of markdownFiles(apiOut)) writeFileSync(file, compactPage(readFileSync(file, 'utf8')));
}

/** The sub-headings of a member's section, which read as labels rather than outline entries. */
const memberLabels =
  /^#{4,6} (Returns|Parameters|Type Parameters|Throws|Example|Examples|Overrides|Inherited from|Implementation of|Remarks|See|Default Value|Deprecated|Index Signature)$/gm;

/** A paragraph: consecutive non-empty lines that start no heading, table, code fence or label. */
const paragraph = '((?:(?!#|\\||```|<)[^\\n]+\\n)+)';
/** A line that is not a code fence: a return type printed inline. */
const inlineType = '((?!```)[^\\n]+)';

/**
 * A reference page made compact: a member's Parameters/Returns/Throws headings become small labels
 * (styled by `.api-page` in the theme), its type parameters and a return type with its description
 * each take one line, the
 * "Example" heading before a code block and the rules between members go, and the page has no
 * "edit" link (it is generated).
 */
export function compactPage(markdown: string): string {
  const body = markdown
    .replace(memberLabels, '<p class="api-label">$1</p>')
    .replace(/^\*\*\*\n\n/gm, '')
    // A one-column table of type parameters reads as one line.
    .replace(
      /<p class="api-label">Type Parameters<\/p>\n\n\| Type Parameter \|\n\| -+ \|\n((?:\| .+ \|\n)+)/g,
      (_all, rows: string) =>
        `**Type parameters** ${rows
          .trimEnd()
          .split('\n')
          .map((row) => row.slice(2, -2))
          .join(', ')}\n`,
    )
    .replace(/<p class="api-label">Examples?<\/p>\n\n(?=```)/g, '')
    .replace(
      new RegExp(`<p class="api-label">Returns</p>\\n\\n${inlineType}\\n\\n${paragraph}`, 'g'),
      (_all, type: string, text: string) => `**Returns** ${type}: ${text.trimEnd()}\n`,
    )
    .replace(new RegExp(`<p class="api-label">Returns</p>\\n\\n${inlineType}\\n`, 'g'), '**Returns** $1\n')
    .replace(
      new RegExp(`<p class="api-label">Throws</p>\\n\\n${paragraph}`, 'g'),
      (_all, text: string) => `**Throws** ${text.trimEnd()}\n`,
    );
  return `---\npageClass: api-page\neditLink: false\n---\n\n${body}`;
}

const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  );

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildApiReference();
  console.log(`docs: API reference written to ${apiOut}`);
}
