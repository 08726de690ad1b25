import * as z from 'zod';
import {
  type AggregateOptions,
  AggregateRoot,
  defineEvent,
  defineId,
  type EventOf,
  type IdOf,
} from '../../src/index.js';

export const AccountId = defineId('Account');
export type AccountId = IdOf<typeof AccountId>;

export const Deposited = defineEvent('Deposited', z.object({ amount: z.int().positive() }));
export type Deposited = EventOf<typeof Deposited>;

/** A minimal aggregate for the unit of work tests. */
export class Account extends AggregateRoot<AccountId, { balance: number }, Deposited> {
  static open(id: AccountId = AccountId.create(), options?: AggregateOptions): Account {
    return new Account(id, { balance: 0 }, options);
  }

  get balance(): number {
    return this.state.balance;
  }

  deposit(amount: number): void {
    this.state.balance += amount;
    this.raise(Deposited({ amount }));
  }
}
