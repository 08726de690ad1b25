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
export const Deposited = defineEvent('Deposited', z.object({ cents: z.int().positive() }));

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

// #region participant
import type { MemoryTransaction, SessionParticipant } from 'tactical-ddd';

/** An audit log kept outside the aggregates: it writes in the session's commit, or not at all. */
export const audit: string[] = [];
const auditEntry = (line: string): SessionParticipant<MemoryTransaction> => ({
  flush: async (tx) => tx.stage({ apply: () => void audit.push(line) }),
});

export function closeAccount(id: string): Promise<void> {
  return store.transaction(async (s) => {
    const account = await s.accounts.get(id);
    account.withdraw(account.cents); // refused for an empty account: then no audit line either
    s.join(auditEntry(`closed ${id}`));
  });
}

// #endregion participant

// #region within-inbox
import { type DomainEvent, InMemoryInbox } from 'tactical-ddd';

const inbox = new InMemoryInbox();

/** A consumer's handler: the session commits inside the inbox's transaction, with its inbox row. */
export function creditOnce(event: DomainEvent, id: string, cents: number): Promise<boolean> {
  return inbox.handleOnce('credits', event.id, (tx) =>
    store.transaction(async (s) => (await s.accounts.get(id)).deposit(cents), { within: tx, metadata: event.metadata }),
  );
}
// #endregion within-inbox
