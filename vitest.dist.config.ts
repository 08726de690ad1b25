import { defineConfig } from 'vitest/config';

/** Tests that run against the built package in `dist/` (after `npm run build`). */
export default defineConfig({
  test: {
    include: ['test/dist/**/*.test.ts'],
    environment: 'node',
  },
});
