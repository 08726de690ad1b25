import { afterAll, beforeAll } from 'vitest';
import { type ClosableSqlClient, migrate, PostgresRepository } from '../../src/postgres/index.js';
import { repositoryConformance } from '../../src/testing/index.js';
import { Account, accountMapping, freshSchema, pgliteMemory } from './fixtures.js';

let opened: Promise<ClosableSqlClient> | undefined;
const schema = freshSchema();
const client = () => {
  opened ??= pgliteMemory.open().then(async (c) => {
    await migrate(c, { schema });
    return c;
  });
  return opened;
};
// Opened before the suite, so that starting PGlite (seconds on a busy machine) is not charged to
// the first test's time limit.
beforeAll(async () => {
  await client();
}, 60_000);
afterAll(async () => {
  if (opened !== undefined) await (await opened).close();
});

let n = 0;
repositoryConformance<Account>({
  name: 'PostgresRepository on PGlite',
  makeRepository: async () =>
    new PostgresRepository({ client: await client(), name: 'Account', schema, mapping: accountMapping }),
  newAggregate: () => Account.open(`conformance-${++n}-${Math.random()}`, 'ada'),
  change: (account) => account.deposit(1),
  stateOf: (account) => account.props,
  unknownId: () => `missing-${Math.random()}`,
});
