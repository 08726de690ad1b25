import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type ClosableSqlClient, migrate, openPGlite, PostgresEventStore } from '../../src/postgres/index.js';
import { eventStoreConformance } from '../../src/testing/vitest/index.js';
import { freshSchema } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tactical-ddd-es-'));
const backends: [string, () => Promise<ClosableSqlClient>][] = [
  ['PGlite in memory', () => openPGlite()],
  ['PGlite on a data directory', () => openPGlite({ dataDir: join(dir, 'db') })],
];

for (const [name, open] of backends) {
  let opened: Promise<ClosableSqlClient> | undefined;
  const client = () => {
    opened ??= open();
    return opened;
  };
  // Opened before the suite, so that starting PGlite (seconds on a busy machine) is not charged
  // to the first test's time limit.
  beforeAll(async () => {
    await client();
  }, 60_000);
  afterAll(async () => {
    if (opened !== undefined) await (await opened).close();
  });
  eventStoreConformance(
    async ({ registry }) => {
      const schema = freshSchema();
      await migrate(await client(), { schema });
      return new PostgresEventStore({ client: await client(), schema, registry });
    },
    {
      name: `PostgresEventStore on ${name}`,
      teardown: async (store) => {
        await (await client()).query(`DROP SCHEMA "${(store as PostgresEventStore).schema}" CASCADE`);
      },
    },
  );
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
