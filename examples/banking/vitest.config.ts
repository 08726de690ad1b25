import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite starts in about a second; the CLI tests start several processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
