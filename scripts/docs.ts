/**
 * Builds the docs site into `docs/site` (git-ignored): TypeDoc's API reference for every entry
 * point in `entries.ts`, with the guides in `docs/guides` rendered into the same site (one
 * navigation, one search). Validation is strict: an undocumented export, a broken `{@link}` or a
 * missing `@includeCode` region fails the build.
 */
import { Application, ReflectionKind, type TypeDocOptions } from 'typedoc';
import { entries } from '../entries.js';

const options: Partial<TypeDocOptions> = {
  name: 'tactical-ddd',
  entryPoints: Object.values(entries),
  tsconfig: 'tsconfig.build.json',
  out: 'docs/site',
  readme: 'docs/guides/index.md',
  projectDocuments: ['docs/guides/*.md'],
  includeVersion: true,
  excludePrivate: true,
  excludeProtected: false,
  excludeInternal: true,
  excludeExternals: true,
  searchInComments: true,
  searchInDocuments: true,
  sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
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
  githubPages: true,
  favicon: 'docs/favicon.svg',
  disableSources: true,
  navigation: {
    includeCategories: false,
    includeGroups: false,
    includeFolders: false,
    compactFolders: true,
    excludeReferences: true,
  },
  navigationLinks: {
    GitHub: 'https://github.com/tactical-ddd/tactical-ddd',
    npm: 'https://www.npmjs.com/package/tactical-ddd',
  },
};

const app = await Application.bootstrapWithPlugins(options);
const project = await app.convert();
if (project === undefined) {
  console.error('TypeDoc could not convert the project');
  process.exit(1);
}
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
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('docs: validation failed (see above)');
  process.exit(1);
}
await app.generateOutputs(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log('docs: built docs/site');
