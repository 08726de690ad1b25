import { afterAll, beforeAll } from 'vitest';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { InMemoryEventStore } from '../../src/event-sourcing/InMemoryEventStore.js';
import { inMemoryStore, stateStored } from '../../src/index.js';
import { type ClosableSqlClient, migrate, postgresStore } from '../../src/postgres/index.js';
import { repositoryConformance } from '../../src/testing/vitest/index.js';
import { AccountId, Account as Ledger } from '../event-sourcing/fixtures/Account.js';
import { Account, accountMapping, freshSchema, pgliteMemory } from '../postgres/fixtures.js';

let n = 0;
const newAccount = () => Account.open(`conformance-${++n}-${Math.random()}`, 'ada');
const accounts = {
  newAggregate: newAccount,
  change: (account: Account) => account.deposit(1),
  stateOf: (account: Account) => account.props,
  unknownId: () => `missing-${Math.random()}`,
};

repositoryConformance<Account>({
  name: "inMemoryStore's repository of a state-stored kind (validated documents)",
  makeRepository: () => inMemoryStore({ aggregates: { accounts: stateStored('Account', accountMapping) } }).accounts,
  ...accounts,
});

repositoryConformance<Account>({
  name: "inMemoryStore's repository of a state-stored kind (deep copies)",
  makeRepository: () => inMemoryStore({ aggregates: { accounts: stateStored<Account>('Account') } }).accounts,
  ...accounts,
});

repositoryConformance<Ledger>({
  name: "inMemoryStore's repository of an event-sourced kind",
  makeRepository: () =>
    inMemoryStore({
      eventStore: new InMemoryEventStore(),
      aggregates: { ledgers: eventSourced({ name: 'Ledger', create: (id: AccountId) => new Ledger(id) }) },
    }).ledgers,
  newAggregate: () => Ledger.create(AccountId.create(), 'ada', 100),
  change: (ledger) => ledger.deposit(5),
  stateOf: (ledger) => ledger.props,
  unknownId: () => AccountId.create(),
});

let opened: Promise<ClosableSqlClient> | undefined;
const schema = freshSchema();
const client = () => {
  opened ??= pgliteMemory.open().then(async (c) => {
    await migrate(c, { schema });
    return c;
  });
  return opened;
};
// Opened before the suites, so that starting PGlite (seconds on a busy machine) is not charged to
// the first test's time limit.
beforeAll(async () => {
  await client();
}, 60_000);
afterAll(async () => {
  if (opened !== undefined) await (await opened).close();
});

repositoryConformance<Account>({
  name: "postgresStore's repository of a state-stored kind, on PGlite",
  makeRepository: async () =>
    postgresStore({ client: await client(), schema, aggregates: { accounts: stateStored('Account', accountMapping) } })
      .accounts,
  ...accounts,
});

repositoryConformance<Ledger>({
  name: "postgresStore's repository of an event-sourced kind, on PGlite",
  makeRepository: async () =>
    postgresStore({
      client: await client(),
      schema,
      aggregates: { ledgers: eventSourced({ name: 'Ledger', create: (id: AccountId) => new Ledger(id) }) },
    }).ledgers,
  newAggregate: () => Ledger.create(AccountId.create(), 'ada', 100),
  change: (ledger) => ledger.deposit(5),
  stateOf: (ledger) => ledger.props,
  unknownId: () => AccountId.create(),
});
