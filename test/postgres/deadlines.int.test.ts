import { describe } from 'vitest';
import { deadlineSuite } from './deadlineSuite.js';
import { pgServer, serverAvailable } from './fixtures.js';

const available = await serverAvailable();

describe.runIf(available)('on a PostgreSQL server', () => {
  // The restart closes its connection pool and opens a new one.
  deadlineSuite(
    () => pgServer.open(),
    async () => () => pgServer.open(),
  );
});
