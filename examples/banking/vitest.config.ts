import { defineConfig } from 'vitest/config';

// biome-ignore lint/style/noDefaultExport: vitest reads the config from the default export.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite starts in about a second, and the CLI tests start a process per command.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
