import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Docs snippets import the package by name, as users do; tests run them against the source.
    alias: [
      { find: /^tactical-ddd$/, replacement: src('index.ts') },
      { find: /^tactical-ddd\/(.+)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'docs/snippets/**/*.test.ts'],
    exclude: ['test/dist/**', 'test/docs/**/*.browser.test.ts', 'node_modules/**'],
    environment: 'node',
    // Setup hooks open PGlite and connect to servers: seconds on a busy machine, never a test's limit.
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/index.ts'],
      reporter: ['text-summary', 'lcov'],
    },
  },
});
