// #region unit-of-work
import {
  AggregateRoot,
  defineEvent,
  type EventOf,
  InvariantViolationError,
  inMemoryStore,
  stateStored,
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

export const store = inMemoryStore({ aggregates: { accounts: stateStored<Account>('Account') } });

/** Two aggregates and their events commit together, or not at all. */
export function transfer(from: string, to: string, cents: number): Promise<void> {
  return store.transaction(
    async (s) => {
      const source = await s.accounts.get(from); // loaded once per session (identity map)
      source.withdraw(cents);
      const target = await s.accounts.get(to); // NotFoundError here: nothing is written
      target.deposit(cents);
    }, // at commit: both saved with their version checks, both events in the outbox
    { metadata: { correlationId: `transfer:${from}:${to}` } }, // stamped on both events
  );
}
// #endregion unit-of-work
