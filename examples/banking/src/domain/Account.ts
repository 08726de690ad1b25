import { type AggregateOptions, ValidationError } from 'tactical-ddd';
import { type AggregateSnapshot, type EventHandlers, EventSourcedAggregate } from 'tactical-ddd/event-sourcing';
import { type CurrencyCode, CurrencyMismatchError, Money } from 'tactical-ddd/money';
import * as z from 'zod';
import { AccountClosedError, InsufficientFundsError } from './errors.js';
import { AccountClosed, type AccountEvent, AccountOpened, MoneyDeposited, MoneyWithdrawn } from './events.js';
import type { AccountId, TransferId } from './ids.js';

export interface AccountState {
  /** `null` once the bank forgot the account holder. */
  owner: string | null;
  /** Undefined until the account is opened: the currency comes with the first event. */
  balance: Money | undefined;
  status: 'new' | 'open' | 'closed';
}

/** What a movement may carry besides the money: the transfer it belongs to and a statement memo. */
export interface MovementDetails {
  readonly transferId?: TransferId | undefined;
  readonly memo?: string | undefined;
}

// The only place state changes. Leaving out an event type does not compile.
const when: EventHandlers<AccountState, AccountEvent> = {
  AccountOpened: (state, { payload }) => {
    state.owner = payload.owner;
    state.balance = Money.zero(payload.currency as CurrencyCode);
    state.status = 'open';
  },
  MoneyDeposited: (state, { payload }) => {
    state.balance = (state.balance as Money).add(payload.money);
  },
  MoneyWithdrawn: (state, { payload }) => {
    state.balance = (state.balance as Money).subtract(payload.money);
  },
  AccountClosed: (state) => {
    state.status = 'closed';
  },
};

const show = (money: Money): string => `${money.toJSON().amount} ${money.currency}`;

const movement = (money: Money, { transferId, memo }: MovementDetails) => ({
  money: money.toJSON(),
  ...(transferId === undefined ? {} : { transferId }),
  ...(memo === undefined ? {} : { memo }),
});

/** A snapshot's state is JSON: this is its shape, validated when a snapshot is restored. */
const AccountSnapshot = z.object({
  owner: z.string().nullable(),
  balance: Money.schema.optional(),
  status: z.enum(['new', 'open', 'closed']),
});

/**
 * A bank account, event sourced: its balance is the sum of its deposits and withdrawals. Every
 * command checks the rules first and raises an event; nothing else changes the state.
 */
export class Account extends EventSourcedAggregate<AccountId, AccountState, AccountEvent> {
  protected readonly when = when;

  constructor(id: AccountId, options?: AggregateOptions) {
    super(id, { owner: '', balance: undefined, status: 'new' }, options);
  }

  /** Opens an account in one currency. */
  static open(id: AccountId, owner: string, currency: string, options?: AggregateOptions): Account {
    Money.zero(currency as CurrencyCode); // a ValidationError naming `currency` when it is not ISO 4217
    const account = new Account(id, options);
    account.raise(AccountOpened({ owner, currency }));
    return account;
  }

  get owner(): string | null {
    return this.state.owner;
  }

  get status(): AccountState['status'] {
    return this.state.status;
  }

  get currency(): CurrencyCode {
    return this.opened().currency;
  }

  get balance(): Money {
    return this.opened();
  }

  deposit(money: Money, details: MovementDetails = {}): void {
    this.checkMovement('deposit', money);
    this.raise(MoneyDeposited(movement(money, details)));
  }

  withdraw(money: Money, details: MovementDetails = {}): void {
    const balance = this.checkMovement('withdraw', money);
    if (balance.lessThan(money)) throw new InsufficientFundsError(this.id, show(balance), show(money));
    this.raise(MoneyWithdrawn(movement(money, details)));
  }

  /** Closes the account; only an empty account can be closed, and only once. */
  close(): void {
    const balance = this.opened();
    if (this.state.status === 'closed') throw new AccountClosedError(this.id);
    if (!balance.isZero()) {
      throw ValidationError.of('Account', 'balance', 'not_zero', `the balance is ${show(balance)}: empty it first`);
    }
    this.raise(AccountClosed({}));
  }

  /** Snapshots hold JSON; rebuild the Money of the balance from it. */
  override restoreSnapshot(snapshot: AggregateSnapshot<AccountState>): this {
    const state = AccountSnapshot.parse(snapshot.state);
    return super.restoreSnapshot({ version: snapshot.version, state: { ...state, balance: state.balance } });
  }

  private opened(): Money {
    if (this.state.balance === undefined)
      throw ValidationError.of('Account', 'id', 'not_open', `${this.id} is not open`);
    return this.state.balance;
  }

  private checkMovement(operation: 'deposit' | 'withdraw', money: Money): Money {
    const balance = this.opened();
    if (this.state.status === 'closed') throw new AccountClosedError(this.id);
    if (money.currency !== balance.currency)
      throw new CurrencyMismatchError(operation, balance.currency, money.currency);
    if (!money.isPositive()) {
      throw ValidationError.of('Account', 'money', 'positive', `the amount to ${operation} must be positive`);
    }
    return balance;
  }
}
