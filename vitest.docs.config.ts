import { defineConfig } from 'vitest/config';

/** The browser test of the built docs site (`npm run docs` first; needs Chromium). */
export default defineConfig({
  test: { include: ['test/docs/**/*.browser.test.ts'], environment: 'node', testTimeout: 120_000 },
});
