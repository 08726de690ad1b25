import { InMemoryRepository } from '../../src/index.js';
import { repositoryConformance } from '../../src/testing/index.js';
import { Account } from '../postgres/fixtures.js';

let n = 0;
repositoryConformance<Account>({
  name: 'InMemoryRepository',
  makeRepository: () => new InMemoryRepository<Account>({ name: 'Account' }),
  newAggregate: () => Account.open(`conformance-${++n}-${Math.random()}`, 'ada'),
  change: (account) => account.deposit(1),
  stateOf: (account) => account.props,
  unknownId: () => `missing-${Math.random()}`,
});
