import { type AggregateOptions, DomainError, type Store, stateStored } from 'tactical-ddd';
import { ProcessManager, processInstanceMapping } from 'tactical-ddd/cqrs';
import { eventSourced, type SnapshotStore } from 'tactical-ddd/event-sourcing';
import * as z from 'zod';
import { Account } from '../domain/Account.js';
import { MoneyWithdrawn, TransferRequested } from '../domain/events.js';
import type { AccountId, TransferId } from '../domain/ids.js';
import { Transfer } from '../domain/Transfer.js';

/**
 * Where a transfer's run stands, kept by the process manager per transfer (its correlation id).
 * The schema validates the stored runs (`processInstanceMapping(TransferProcessState)`).
 */
export const TransferProcessState = z.strictObject({
  step: z.enum(['withdrawing', 'depositing', 'completed', 'refunded', 'rejected']),
});
export type TransferProcessState = z.infer<typeof TransferProcessState>;

/** What the bank's store keeps: event-sourced accounts (with snapshots) and transfers, and the transfer runs. */
export function bankAggregates(options: {
  readonly snapshots: SnapshotStore;
  readonly snapshotEvery: number;
  readonly aggregateOptions?: AggregateOptions;
}) {
  const { aggregateOptions = {} } = options;
  return {
    accounts: eventSourced({
      name: 'Account',
      streamId: (id: AccountId) => `Account-${id}`,
      create: (id: AccountId) => new Account(id, aggregateOptions),
      snapshots: { store: options.snapshots, every: options.snapshotEvery },
    }),
    transfers: eventSourced({
      name: 'Transfer',
      streamId: (id: TransferId) => `Transfer-${id}`,
      create: (id: TransferId) => new Transfer(id, aggregateOptions),
    }),
    // Each run (its step, status, handled event ids) is a validated document, so a restart in the
    // middle of a transfer loses nothing.
    transferRuns: stateStored('TransferProcess', processInstanceMapping(TransferProcessState)),
  };
}

/** The bank's store: in memory or on PostgreSQL/PGlite, the same sessions. */
export type BankStore = Store<ReturnType<typeof bankAggregates>, unknown>;

/**
 * Moves the money of a requested transfer in two steps, each one session of the store (the run's
 * state and the aggregates it changes commit together):
 *
 * 1. `TransferRequested` → withdraw from the source; when the source refuses (insufficient funds,
 *    closed, another currency), the transfer fails with nothing to refund;
 * 2. the `MoneyWithdrawn` of that transfer → deposit into the target; when the target refuses,
 *    compensate: the money goes back to the source, and the transfer fails as refunded.
 *
 * Only domain errors (the bank's rules saying no) are outcomes; any other error (the database is
 * down) propagates, nothing of the step is stored, and the event is handled again when it is
 * delivered again.
 */
export function transferProcess(store: BankStore) {
  return new ProcessManager({
    name: 'TransferProcess',
    store,
    instances: (s) => s.transferRuns,
    initialState: (): TransferProcessState => ({ step: 'withdrawing' }),
  })
    .startsOn(TransferRequested, async (event, process) => {
      const { session: s } = process;
      const { from, to, money } = event.payload;
      const transferId = event.aggregateId as TransferId;
      try {
        (await s.accounts.get(from)).withdraw(money, { transferId, memo: `Transfer to ${to}` });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        (await s.transfers.get(transferId)).fail(error.message, false);
        process.setState({ step: 'rejected' });
        process.compensate(error.message); // nothing moved: it just ends the run
        return;
      }
      process.setState({ step: 'depositing' });
    })
    .on(MoneyWithdrawn, async (event, process) => {
      const transferId = event.payload.transferId;
      if (process.state.step !== 'depositing' || transferId === undefined) return;
      const { session: s } = process;
      const transfer = await s.transfers.get(transferId);
      const { from, to } = transfer.details;
      if (from === undefined || to === undefined) throw new Error(`Transfer ${transferId} was never requested`);
      const money = event.payload.money;
      try {
        (await s.accounts.get(to)).deposit(money, { transferId, memo: `Transfer from ${from}` });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        (await s.accounts.get(from)).deposit(money, { transferId, memo: `Refund of transfer to ${to}` });
        transfer.fail(error.message, true);
        process.setState({ step: 'refunded' });
        process.compensate(error.message);
        return;
      }
      transfer.complete();
      process.setState({ step: 'completed' });
      process.complete();
    });
}
