import { defineConfig } from 'vitest/config';

// biome-ignore lint/style/noDefaultExport: vitest reads the default export.
export default defineConfig({ test: { include: ['kit.test.mjs'], testTimeout: 30_000, hookTimeout: 60_000 } });
