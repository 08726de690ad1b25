import { type AggregateOptions, InvariantViolationError, ValidationError } from 'tactical-ddd';
import { type EventHandlers, EventSourcedAggregate } from 'tactical-ddd/event-sourcing';
import type { Money, MoneyJSON } from 'tactical-ddd/money';
import { TransferCompleted, type TransferEvent, TransferFailed, TransferRequested } from './events.js';
import type { AccountId, TransferId } from './ids.js';

export type TransferStatus = 'new' | 'requested' | 'completed' | 'failed';

export interface TransferState {
  status: TransferStatus;
  from?: AccountId;
  to?: AccountId;
  money?: MoneyJSON;
  reason?: string;
  refunded?: boolean;
}

const when: EventHandlers<TransferState, TransferEvent> = {
  TransferRequested: (state, { payload }) => {
    Object.assign(state, { status: 'requested', from: payload.from, to: payload.to, money: payload.money.toJSON() });
  },
  TransferCompleted: (state) => {
    state.status = 'completed';
  },
  TransferFailed: (state, { payload }) => {
    Object.assign(state, { status: 'failed', reason: payload.reason, refunded: payload.refunded });
  },
};

/**
 * The record of one transfer: requested, then completed or failed. It holds no money; the
 * transfer process manager moves the money between the two accounts and reports back here.
 * Its id is the correlation id of every command and event the transfer causes.
 */
export class Transfer extends EventSourcedAggregate<TransferId, TransferState, TransferEvent> {
  protected readonly when = when;

  constructor(id: TransferId, options?: AggregateOptions) {
    super(id, { status: 'new' }, options);
  }

  static request(id: TransferId, from: AccountId, to: AccountId, money: Money, options?: AggregateOptions): Transfer {
    if (from === to)
      throw ValidationError.of('Transfer', 'to', 'other_account', 'a transfer needs two different accounts');
    if (!money.isPositive()) throw ValidationError.of('Transfer', 'money', 'positive', 'the amount must be positive');
    const transfer = new Transfer(id, options);
    // The transfer's id is its correlation id: the process manager keys its run by it.
    transfer.raise(TransferRequested({ from, to, money: money.toJSON() }, { correlationId: id }));
    return transfer;
  }

  get status(): TransferStatus {
    return this.state.status;
  }

  get details(): Readonly<TransferState> {
    return this.state;
  }

  complete(): void {
    this.checkRequested();
    this.raise(TransferCompleted({}, { correlationId: this.id }));
  }

  fail(reason: string, refunded: boolean): void {
    this.checkRequested();
    this.raise(TransferFailed({ reason, refunded }, { correlationId: this.id }));
  }

  private checkRequested(): void {
    if (this.state.status !== 'requested') {
      throw new InvariantViolationError('bank.transfer_finished', `Transfer ${this.id} is ${this.state.status}`);
    }
  }
}
