import { DomainError } from 'tactical-ddd';

/** A withdrawal larger than the balance. */
export class InsufficientFundsError extends DomainError {
  declare readonly name: 'InsufficientFundsError';
  declare readonly code: 'bank.insufficient_funds';
  declare readonly accountId: string;
  declare readonly balance: string;
  declare readonly requested: string;

  constructor(accountId: string, balance: string, requested: string) {
    super(`Insufficient funds in account ${accountId}: the balance is ${balance}, ${requested} was requested`);
    this.name = 'InsufficientFundsError';
    this.code = 'bank.insufficient_funds';
    this.accountId = accountId;
    this.balance = balance;
    this.requested = requested;
  }
}

/** A movement on an account that was closed. */
export class AccountClosedError extends DomainError {
  declare readonly name: 'AccountClosedError';
  declare readonly code: 'bank.account_closed';
  declare readonly accountId: string;

  constructor(accountId: string) {
    super(`Account ${accountId} is closed`);
    this.name = 'AccountClosedError';
    this.code = 'bank.account_closed';
    this.accountId = accountId;
  }
}
