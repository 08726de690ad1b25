import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { defineEvent } from '../../src/index.js';
import { type EventOfAggregate, forAggregate } from '../../src/testing/forAggregate.js';
import {
  Account,
  AccountCreated,
  type AccountEvent,
  AccountId,
  InsufficientFundsError,
  MoneyDeposited,
} from '../event-sourcing/fixtures/Account.js';

const OrderPlaced = defineEvent('OrderPlaced', z.object({ total: z.int() }));
const account = forAggregate(() => new Account(AccountId.create()));
const opened = AccountCreated({ ownerName: 'Ada', initialBalanceCents: 1 });

describe('forAggregate types', () => {
  it('reads the event union of the aggregate', () => {
    expectTypeOf<EventOfAggregate<Account>>().toEqualTypeOf<AccountEvent>();
  });

  it('accepts only the aggregate events as history and as expected events', () => {
    const scenario = () => {
      // @ts-expect-error an OrderPlaced is not an event of Account
      account.given([OrderPlaced({ total: 1 })]);
      account
        .given([opened])
        .when((a) => a.deposit(1))
        // @ts-expect-error an OrderPlaced is not an event of Account
        .then([OrderPlaced({ total: 1 })]);
      account
        .given([opened])
        .when((a) => a.deposit(1))
        .then([MoneyDeposited({ cents: 1 })]);
      account
        .given([opened])
        .when((a) => a.withdraw(5))
        .then(InsufficientFundsError);
    };
    expectTypeOf(scenario).toBeFunction();
  });

  it('types the command with the aggregate', () => {
    account.given([]).when((a) => {
      expectTypeOf(a).toEqualTypeOf<Account>();
    });
  });
});
