import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformerTwoslash } from '@shikijs/vitepress-twoslash';
import { createFileSystemTypesCache } from '@shikijs/vitepress-twoslash/cache-fs';
import { type DefaultTheme, defineConfig } from 'vitepress';
import { snippetSource } from '../../scripts/docs-snippets.js';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const repository = 'https://github.com/tactical-ddd/tactical-ddd';

/** The guides in reading order, grouped as the README lists them. */
const guides: DefaultTheme.SidebarItem[] = [
  { text: 'Start', items: [{ text: 'Getting started', link: '/guides/getting-started' }] },
  {
    text: 'Building blocks',
    items: [
      { text: 'Ids and entities', link: '/guides/ids-and-entities' },
      { text: 'Value objects', link: '/guides/value-objects' },
      { text: 'Aggregates and domain events', link: '/guides/aggregates-and-events' },
      { text: 'Repositories and units of work', link: '/guides/repositories' },
      { text: 'Factories and domain services', link: '/guides/factories-and-services' },
      { text: 'Money', link: '/guides/money' },
      { text: 'Address', link: '/guides/address' },
      { text: 'Specifications', link: '/guides/specifications' },
    ],
  },
  {
    text: 'Events and messages',
    items: [
      { text: 'Event sourcing', link: '/guides/event-sourcing' },
      { text: 'Projections', link: '/guides/projections' },
      { text: 'Personal data and stream deletion', link: '/guides/crypto-shredding' },
      { text: 'CQRS buses and the outbox', link: '/guides/cqrs' },
      { text: 'Process managers', link: '/guides/process-managers' },
      { text: 'PostgreSQL and PGlite', link: '/guides/postgres' },
      { text: 'RabbitMQ, Redis and NATS', link: '/guides/brokers' },
    ],
  },
  { text: 'Testing', items: [{ text: 'The testing kit', link: '/guides/testing' }] },
  {
    text: 'Recipes',
    items: [
      { text: 'Recipes', link: '/guides/recipes' },
      { text: 'HTTP APIs and OpenTelemetry', link: '/guides/http' },
    ],
  },
  {
    text: 'Coming from elsewhere',
    items: [
      { text: 'Layered, clean and hexagonal architecture', link: '/guides/architecture' },
      { text: 'Migrating from @nestjs/cqrs', link: '/guides/migrating-from-nestjs-cqrs' },
    ],
  },
];

/** The API reference per entry point, as `typedoc-vitepress-theme` wrote it (`npm run docs:api` first). */
const referenceFile = root('docs/api/typedoc-sidebar.json');
const entryOrder = [
  'money',
  'address',
  'specification',
  'event-sourcing',
  'cqrs',
  'postgres',
  'rabbitmq',
  'redis',
  'testing',
];
function referenceSidebar(): DefaultTheme.SidebarItem[] {
  if (!existsSync(referenceFile)) return [];
  // TypeDoc nests `tactical-ddd/money` under `tactical-ddd`; the sidebar lists the entry points side by side.
  const [core] = JSON.parse(readFileSync(referenceFile, 'utf8')) as DefaultTheme.SidebarItem[];
  const isEntry = (item: DefaultTheme.SidebarItem) => entryOrder.includes(item.text ?? '');
  const entries = (core?.items ?? [])
    .filter(isEntry)
    .sort((a, b) => entryOrder.indexOf(a.text ?? '') - entryOrder.indexOf(b.text ?? ''))
    .map((item) => ({ ...item, text: `tactical-ddd/${item.text}` }));
  return [{ ...core, text: 'tactical-ddd', items: (core?.items ?? []).filter((item) => !isEntry(item)) }, ...entries];
}

// Each twoslash block compiles against the library's source, as the tests do, with the code that
// surrounds its snippet region as hidden context; imports between snippet files resolve on disk.
// Outside CI, results are cached on disk by code and options (docs/.vitepress/cache, git-ignored),
// so a rebuild recompiles only the blocks that changed. A change in src/ that leaves a block's text
// unchanged is caught in CI (no cache), or locally with `rm -rf docs/.vitepress/cache`.
const twoslash = transformerTwoslash({
  ...(process.env.CI
    ? {}
    : { typesCache: createFileSystemTypesCache({ dir: root('docs/.vitepress/cache/twoslash') }) }),
  twoslashOptions: {
    vfsRoot: root('docs/snippets'),
    compilerOptions: {
      paths: { 'tactical-ddd': [root('src/index.ts')], 'tactical-ddd/*': [root('src/*/index.ts')] },
      types: ['node'],
      // Nest's decorators (the NestJS guide's handlers) are TypeScript's legacy decorators.
      experimentalDecorators: true,
    },
  },
});
const snippetKey = /\bsnippet=(\S+)/;

export default defineConfig({
  title: 'tactical-ddd',
  description:
    'Domain-Driven Design tactical patterns for TypeScript: typed ids, entities, value objects, aggregates with domain events, money, specifications, repositories, event sourcing and CQRS.',
  base: process.env.DOCS_BASE ?? '/',
  outDir: 'site',
  cacheDir: '.vitepress/cache',
  srcExclude: ['snippets/**', ...(process.env.DOCS_ONLY_GUIDES ? ['api/**'] : [])],
  cleanUrls: true,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: `${process.env.DOCS_BASE ?? '/'}favicon.svg` }]],
  markdown: {
    theme: { light: 'github-light', dark: 'github-dark' },
    codeTransformers: [
      {
        ...twoslash,
        preprocess(code, options) {
          const key = snippetKey.exec(options.meta?.__raw ?? '')?.[1];
          return twoslash.preprocess?.call(this, key ? snippetSource(key, code) : code, options);
        },
      },
    ],
    languages: ['js', 'jsx', 'ts', 'tsx'],
  },
  themeConfig: {
    logo: '/favicon.svg',
    nav: [
      { text: 'Guides', link: '/guides/getting-started', activeMatch: '^/guides/' },
      { text: 'API', link: '/api/', activeMatch: '^/api/' },
      { text: 'Examples', link: `${repository}/tree/main/examples` },
    ],
    sidebar: [...guides, { text: 'API reference', link: '/api/', items: referenceSidebar() }],
    search: {
      provider: 'local',
      options: {
        // Index the prose and headings, not the code blocks: twoslash would compile every block a
        // second time, and its hover popups would bloat the index.
        _render(source, env, md) {
          return md.render(source.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, ''), env);
        },
      },
    },
    outline: { level: [2, 3] },
    editLink: { pattern: `${repository}/edit/main/docs/:path`, text: 'Edit this page on GitHub' },
    docFooter: { prev: 'Previous', next: 'Next' },
    socialLinks: [
      { icon: 'github', link: repository },
      { icon: 'npm', link: 'https://www.npmjs.com/package/tactical-ddd' },
    ],
    footer: { message: 'Released under the MIT License.' },
  },
});
