// The test kit under the installed vitest: the event store conformance suite, run against
// PostgresEventStore on PGlite, as users run it against their own adapters.

import { migrate, openPGlite, PostgresEventStore } from 'tactical-ddd/postgres';
import { eventStoreConformance } from 'tactical-ddd/testing/vitest';
import { afterAll } from 'vitest';

const client = await openPGlite();
afterAll(() => client.close());
let schemas = 0;

eventStoreConformance(
  async ({ registry }) => {
    const schema = `conformance_${++schemas}`;
    await migrate(client, { schema });
    return new PostgresEventStore({ client, schema, registry });
  },
  { name: 'PostgresEventStore on PGlite' },
);
