import { ValidationError } from 'tactical-ddd';
import { CurrencyMismatchError, Money } from 'tactical-ddd/money';
import { forAggregate } from 'tactical-ddd/testing';
import { describe, it } from 'vitest';
import { Account } from '../src/domain/Account.js';
import { AccountClosedError, InsufficientFundsError } from '../src/domain/errors.js';
import { AccountClosed, AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../src/domain/events.js';
import { AccountId, TransferId } from '../src/domain/ids.js';

const usd = (amount: string) => ({ amount, currency: 'USD' as const });
const opened = AccountOpened({ owner: 'Ada', currency: 'USD' });
const account = forAggregate(() => new Account(AccountId.create()));

describe('Account', () => {
  it('deposits exact money', () => {
    account
      .given([opened])
      .when((a) => a.deposit(Money.of('10.00', 'USD')))
      .then([MoneyDeposited({ money: usd('10.00') })]);
  });

  it('withdraws within the balance, with the transfer it belongs to', () => {
    const transferId = TransferId.create();
    account
      .given([opened, MoneyDeposited({ money: usd('10.00') })])
      .when((a) => a.withdraw(Money.of('10.00', 'USD'), { transferId, memo: 'rent' }))
      .then([MoneyWithdrawn({ money: usd('10.00'), transferId, memo: 'rent' })]);
  });

  it('refuses to overdraw: insufficient funds is a domain error', () => {
    account
      .given([opened, MoneyDeposited({ money: usd('10.00') })])
      .when((a) => a.withdraw(Money.of('10.01', 'USD')))
      .then(InsufficientFundsError);
  });

  it('refuses money in another currency', () => {
    account
      .given([opened])
      .when((a) => a.deposit(Money.of('1.00', 'EUR')))
      .then(CurrencyMismatchError);
  });

  it('refuses amounts that are not positive', () => {
    account
      .given([opened])
      .when((a) => a.deposit(Money.zero('USD')))
      .then(ValidationError);
    account
      .given([opened])
      .when((a) => a.withdraw(Money.of('-1', 'USD')))
      .then(ValidationError);
  });

  it('closes only when empty, and then takes no more money', () => {
    account
      .given([opened, MoneyDeposited({ money: usd('1.00') })])
      .when((a) => a.close())
      .then(ValidationError);
    account
      .given([opened])
      .when((a) => a.close())
      .then([AccountClosed({})]);
    account
      .given([opened, AccountClosed({})])
      .when((a) => a.deposit(Money.of('1.00', 'USD')))
      .then(AccountClosedError);
  });

  it('refuses to open in a currency that is not ISO 4217, naming the field', () => {
    account
      .given([])
      .when(() => Account.open(AccountId.create(), 'Ada', 'XYZ'))
      .then({
        name: 'ValidationError',
        issues: [
          {
            path: ['currency'],
            field: 'currency',
            rule: 'unknown_currency',
            message: '"XYZ" is not an active ISO 4217 currency code',
          },
        ],
      });
  });
});
