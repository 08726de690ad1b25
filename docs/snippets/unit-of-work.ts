// #region unit-of-work
import {
  AggregateRoot,
  defineEvent,
  type EventOf,
  InMemoryOutbox,
  InMemoryRepository,
  InMemoryUnitOfWork,
  InvariantViolationError,
} from 'tactical-ddd';
import * as z from 'zod';

const Withdrawn = defineEvent('Withdrawn', z.object({ cents: z.int().positive() }));
const Deposited = defineEvent('Deposited', z.object({ cents: z.int().positive() }));

export class Account extends AggregateRoot<string, { cents: number }, EventOf<typeof Withdrawn | typeof Deposited>> {
  static open(id: string, cents: number): Account {
    return new Account(id, { cents });
  }
  get cents(): number {
    return this.state.cents;
  }
  withdraw(cents: number): void {
    if (cents > this.state.cents) throw new InvariantViolationError('account.funds', 'Not enough funds');
    this.state.cents -= cents;
    this.raise(Withdrawn({ cents }));
  }
  deposit(cents: number): void {
    this.state.cents += cents;
    this.raise(Deposited({ cents }));
  }
}

export const outbox = new InMemoryOutbox();
export const accounts = new InMemoryRepository<Account, string>({ name: 'Account', outbox });
const unitOfWork = new InMemoryUnitOfWork();

/** Two aggregates and their events commit together, or not at all. */
export function transfer(from: string, to: string, cents: number): Promise<void> {
  return unitOfWork.run(
    async (tx) => {
      const repository = accounts.withTransaction(tx); // reads see this transaction's own writes
      const source = await repository.getById(from);
      source.withdraw(cents);
      await repository.save(source); // staged, not visible outside yet
      const target = await repository.getById(to); // NotFoundError here discards the withdrawal too
      target.deposit(cents);
      await repository.save(target);
    },
    { metadata: { correlationId: `transfer:${from}:${to}` } }, // stamped on both events
  );
}
// #endregion unit-of-work
