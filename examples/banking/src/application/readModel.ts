import { type CurrencyCode, Money } from 'tactical-ddd/money';
import type { AccountEvent, TransferEvent } from '../domain/events.js';

/** An account as the read side shows it. Amounts are decimal strings in the account's currency. */
export interface AccountView {
  readonly id: string;
  /** `null` once the bank forgot the account holder. */
  readonly owner: string | null;
  readonly currency: string;
  readonly balance: string;
  readonly status: 'open' | 'closed';
  /** How many events the account has: its stream version. */
  readonly version: number;
}

/** One line of a statement: a movement and the balance after it. */
export interface StatementLine {
  readonly accountId: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly kind: 'deposit' | 'withdrawal';
  /** Signed: negative for a withdrawal. */
  readonly amount: string;
  readonly balance: string;
  readonly memo: string | null;
  readonly transferId: string | null;
}

export interface TransferView {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: 'requested' | 'completed' | 'failed';
  readonly reason: string | null;
  readonly refunded: boolean | null;
}

/** The queries the read side answers. */
export interface ReadModel {
  account(id: string): Promise<AccountView | undefined>;
  accounts(): Promise<readonly AccountView[]>;
  statement(accountId: string): Promise<readonly StatementLine[]>;
  transfer(id: string): Promise<TransferView | undefined>;
  transfers(): Promise<readonly TransferView[]>;
}

/** What a projection writes through: one implementation per store, the same projection logic. */
export interface ReadModelWriter {
  account(id: string): Promise<AccountView | undefined>;
  putAccount(view: AccountView): Promise<void>;
  addLine(line: StatementLine): Promise<void>;
  transfer(id: string): Promise<TransferView | undefined>;
  putTransfer(view: TransferView): Promise<void>;
}

export type BankEvent = AccountEvent | TransferEvent;

/** The projections' names: their checkpoints' keys. */
export const PROJECTION_NAME = 'bank-read-model';

/**
 * Applies one stored event to the balance, statement and transfer read models. It is the whole
 * projection, written once; the in-memory and PostgreSQL read models only store what it says.
 */
export async function projectEvent(event: BankEvent, write: ReadModelWriter): Promise<void> {
  const id = event.aggregateId;
  switch (event.type) {
    case 'AccountOpened': {
      const { owner, currency } = event.payload;
      const balance = Money.zero(currency as CurrencyCode).toJSON().amount;
      return write.putAccount({ id, owner, currency, balance, status: 'open', version: event.aggregateVersion });
    }
    case 'MoneyDeposited':
    case 'MoneyWithdrawn': {
      const account = await write.account(id);
      if (account === undefined) throw new Error(`${event.type} for unknown account ${id}`);
      const deposit = event.type === 'MoneyDeposited';
      const { money, transferId, memo } = event.payload;
      const current = Money.fromJSON({ amount: account.balance, currency: account.currency });
      const balance = (deposit ? current.add(money) : current.subtract(money)).toJSON().amount;
      await write.putAccount({ ...account, balance, version: event.aggregateVersion });
      return write.addLine({
        accountId: id,
        version: event.aggregateVersion,
        occurredAt: event.occurredAt,
        kind: deposit ? 'deposit' : 'withdrawal',
        amount: (deposit ? money : money.negate()).toJSON().amount,
        balance,
        memo: memo ?? null,
        transferId: transferId ?? null,
      });
    }
    case 'AccountClosed': {
      const account = await write.account(id);
      if (account === undefined) throw new Error(`AccountClosed for unknown account ${id}`);
      return write.putAccount({ ...account, status: 'closed', version: event.aggregateVersion });
    }
    case 'TransferRequested': {
      const { from, to, money } = event.payload;
      const { amount, currency } = money.toJSON();
      return write.putTransfer({ id, from, to, amount, currency, status: 'requested', reason: null, refunded: null });
    }
    case 'TransferCompleted':
    case 'TransferFailed': {
      const transfer = await write.transfer(id);
      if (transfer === undefined) throw new Error(`${event.type} for unknown transfer ${id}`);
      return write.putTransfer(
        event.type === 'TransferCompleted'
          ? { ...transfer, status: 'completed' }
          : { ...transfer, status: 'failed', reason: event.payload.reason, refunded: event.payload.refunded },
      );
    }
    default: {
      const unhandled: never = event;
      throw new Error(`No projection for ${(unhandled as { type: string }).type}`);
    }
  }
}
