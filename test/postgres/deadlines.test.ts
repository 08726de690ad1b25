import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openPGlite } from '../../src/postgres/index.js';
import { deadlineSuite } from './deadlineSuite.js';
import { pgliteMemory } from './fixtures.js';

const dirs: string[] = [];

describe('on PGlite', () => {
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  // The restart opens a PGlite data directory again after closing it.
  deadlineSuite(
    () => pgliteMemory.open(),
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tactical-ddd-deadlines-'));
      dirs.push(dir);
      return () => openPGlite({ dataDir: dir });
    },
  );
});
