import { DomainError, InMemoryRepository, type Repository } from 'tactical-ddd';
import { type CommandSender, type ProcessInstance, ProcessManager } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import { TransferRequested } from '../domain/events.js';
import { CompleteTransfer, DepositMoney, FailTransfer, WithdrawMoney } from './commands.js';

/**
 * Where a transfer's run stands, kept by the process manager per transfer (its correlation id).
 * The schema validates the runs stored in PostgreSQL (`processInstanceMapping(TransferProcessState)`).
 */
export const TransferProcessState = z.strictObject({
  step: z.enum(['withdrawing', 'depositing', 'completed', 'refunded', 'rejected']),
});
export type TransferProcessState = z.infer<typeof TransferProcessState>;

/** Where the transfer runs are kept: a PostgresRepository on a database, an InMemoryRepository in memory. */
export type TransferRuns = Repository<ProcessInstance<TransferProcessState>, string>;

/**
 * Moves the money of a requested transfer: withdraw from the source (recording a refund as its
 * compensation), then deposit into the target. When the deposit is refused (the target is closed,
 * or holds another currency), it compensates: the refund goes back to the source. Either way it
 * reports the outcome to the Transfer aggregate.
 *
 * Only domain errors (the bank's rules saying no) are outcomes; any other error (the database is
 * down) propagates, nothing is recorded for the run, and the event is handled again when it is
 * delivered again.
 */
export function transferProcess(
  commandBus: CommandSender,
  repository: TransferRuns = new InMemoryRepository({ name: 'TransferProcess' }),
): ProcessManager<TransferProcessState> {
  return new ProcessManager<TransferProcessState>({
    name: 'TransferProcess',
    repository,
    commandBus,
    initialState: () => ({ step: 'withdrawing' }),
  }).startsOn(TransferRequested, async (event, process) => {
    const transferId = event.aggregateId;
    const { from, to, money } = event.payload;
    const ref = { transferId, ...money.toJSON() };
    try {
      await process.send(WithdrawMoney({ accountId: from, ...ref, memo: `Transfer to ${to}` }), {
        compensation: DepositMoney({ accountId: from, ...ref, memo: `Refund of transfer to ${to}` }),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      process.setState({ step: 'rejected' });
      await process.send(FailTransfer({ transferId, reason: error.message, refunded: false }));
      await process.compensate(error.message); // nothing was recorded to undo: it just ends the run
      return;
    }
    process.setState({ step: 'depositing' });
    try {
      await process.send(DepositMoney({ accountId: to, ...ref, memo: `Transfer from ${from}` }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await process.compensate(error.message); // runs the recorded refund into the source account
      process.setState({ step: 'refunded' });
      await process.send(FailTransfer({ transferId, reason: error.message, refunded: true }));
      return;
    }
    await process.send(CompleteTransfer({ transferId }));
    process.setState({ step: 'completed' });
    process.complete();
  });
}
