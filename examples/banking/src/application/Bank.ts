import type { AggregateOptions } from 'tactical-ddd';
import { CommandBus, type DispatchOptions, retryOnConcurrency } from 'tactical-ddd/cqrs';
import { EventSourcedRepository, type EventStore, type SnapshotStore } from 'tactical-ddd/event-sourcing';
import { type CurrencyCode, Money } from 'tactical-ddd/money';
import { Account } from '../domain/Account.js';
import { AccountId, TransferId } from '../domain/ids.js';
import { Transfer } from '../domain/Transfer.js';
import { CloseAccount, CompleteTransfer, DepositMoney, FailTransfer, OpenAccount, WithdrawMoney } from './commands.js';
import type { ReadModel } from './readModel.js';
import { type TransferRuns, transferProcess } from './transferProcess.js';

export interface BankOptions {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  /** Take a snapshot of an account every this many events (default 5, low so the demo shows it). */
  readonly snapshotEvery?: number;
  /** The read side, and how to bring it up to date with the store. */
  readonly readModel: ReadModel;
  readonly catchUp: () => Promise<number>;
  /** Where the transfer process keeps its runs (default: in memory, lost on exit). */
  readonly transferRuns?: TransferRuns;
  /** A clock and an id source for the aggregates (tests pass deterministic ones). */
  readonly aggregateOptions?: AggregateOptions;
}

export interface TransferOutcome {
  readonly transferId: TransferId;
  readonly status: 'completed' | 'failed';
  readonly reason?: string;
  /** For a failed transfer: whether money had left the source and was paid back. */
  readonly refunded?: boolean;
}

/** Reads "10.00" and "USD" into exact money: a ValidationError naming the field for anything else. */
export const moneyOf = (amount: string, currency: string): Money => Money.of(amount, currency as CurrencyCode);

/**
 * The bank's application layer: commands go through the command bus to handlers that load an
 * aggregate, call one method and save it; queries read the read model, brought up to date first.
 */
export class Bank {
  readonly accounts: EventSourcedRepository<Account, AccountId>;
  readonly transfers: EventSourcedRepository<Transfer, TransferId>;
  readonly commandBus: CommandBus;
  /** The event store, for tools and tests; the application goes through the repositories. */
  readonly store: EventStore;
  private readonly options: BankOptions;
  private readonly process: ReturnType<typeof transferProcess>;

  constructor(options: BankOptions) {
    this.options = options;
    this.store = options.store;
    const aggregateOptions = options.aggregateOptions ?? {};
    this.accounts = new EventSourcedRepository({
      store: options.store,
      name: 'Account',
      streamId: (id: AccountId) => `Account-${id}`,
      create: (id: AccountId) => new Account(id, aggregateOptions),
      snapshots: { store: options.snapshots, every: options.snapshotEvery ?? 5 },
    });
    this.transfers = new EventSourcedRepository({
      store: options.store,
      name: 'Transfer',
      streamId: (id: TransferId) => `Transfer-${id}`,
      create: (id: TransferId) => new Transfer(id, aggregateOptions),
    });
    const accounts = this.accounts;
    const transfers = this.transfers;
    const update = async (id: AccountId, change: (account: Account) => void): Promise<void> => {
      const account = await accounts.getById(id);
      change(account);
      await accounts.save(account);
    };
    // Each handler reloads its aggregate, so retryOnConcurrency can simply run it again when
    // another writer appended to the same stream in between.
    this.commandBus = new CommandBus({ middleware: [retryOnConcurrency({ maxAttempts: 3 })] })
      .register(OpenAccount, async ({ payload }) => {
        await accounts.save(Account.open(payload.accountId, payload.owner, payload.currency, aggregateOptions));
      })
      .register(DepositMoney, ({ payload: { accountId, amount, currency, ...details } }) =>
        update(accountId, (account) => account.deposit(moneyOf(amount, currency), details)),
      )
      .register(WithdrawMoney, ({ payload: { accountId, amount, currency, ...details } }) =>
        update(accountId, (account) => account.withdraw(moneyOf(amount, currency), details)),
      )
      .register(CloseAccount, ({ payload }) => update(payload.accountId, (account) => account.close()))
      .register(CompleteTransfer, async ({ payload }) => {
        const transfer = await transfers.getById(payload.transferId);
        transfer.complete();
        await transfers.save(transfer);
      })
      .register(FailTransfer, async ({ payload }) => {
        const transfer = await transfers.getById(payload.transferId);
        transfer.fail(payload.reason, payload.refunded);
        await transfers.save(transfer);
      });
    this.process = transferProcess(this.commandBus, options.transferRuns);
  }

  async openAccount(owner: string, currency: string): Promise<AccountId> {
    const accountId = AccountId.create();
    await this.dispatch(OpenAccount({ accountId, owner, currency }));
    return accountId;
  }

  async deposit(accountId: string, amount: Money): Promise<void> {
    await this.dispatch(DepositMoney({ accountId: AccountId.parse(accountId), ...amount.toJSON() }));
  }

  async withdraw(accountId: string, amount: Money): Promise<void> {
    await this.dispatch(WithdrawMoney({ accountId: AccountId.parse(accountId), ...amount.toJSON() }));
  }

  async closeAccount(accountId: string): Promise<void> {
    await this.dispatch(CloseAccount({ accountId: AccountId.parse(accountId) }));
  }

  /**
   * Records a transfer request and hands its event to the transfer process manager, which moves
   * the money (or refunds it) and records the outcome on the transfer. Here the event goes straight
   * to the process manager, in process; with an outbox, the relay would deliver it instead.
   */
  async transfer(fromId: string, toId: string, amount: Money): Promise<TransferOutcome> {
    const from = AccountId.parse(fromId);
    const to = AccountId.parse(toId);
    await Promise.all([this.accounts.getById(from), this.accounts.getById(to)]); // NotFoundError before anything is stored
    const transferId = TransferId.create();
    const transfer = Transfer.request(transferId, from, to, amount, this.options.aggregateOptions);
    const requested = [...transfer.pendingEvents];
    await this.transfers.save(transfer);
    for (const event of requested) await this.process.handle(event);
    await this.options.catchUp();
    const done = await this.transfers.getById(transferId);
    const { status, reason, refunded } = done.details;
    if (status === 'completed') return { transferId, status };
    if (status === 'failed') return { transferId, status, reason: reason ?? '', refunded: refunded ?? false };
    throw new Error(`Transfer ${transferId} is still ${status}`);
  }

  /** The read side, up to date with every event stored so far. */
  async read(): Promise<ReadModel> {
    await this.options.catchUp();
    return this.options.readModel;
  }

  /** The version of the latest snapshot of an account, if one was taken. */
  async snapshotVersion(accountId: string): Promise<number | undefined> {
    return (await this.options.snapshots.load(`Account-${AccountId.parse(accountId)}`))?.version;
  }

  private async dispatch(command: Parameters<CommandBus['dispatch']>[0], options?: DispatchOptions): Promise<void> {
    await this.commandBus.dispatch(command, options);
    await this.options.catchUp();
  }
}
