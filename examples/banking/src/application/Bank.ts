import { type AggregateOptions, type DomainEvent, type Repository, ValidationError } from 'tactical-ddd';
import {
  type Command,
  CommandBus,
  type DispatchOptions,
  EventBus,
  OutboxRelay,
  retryOnConcurrency,
} from 'tactical-ddd/cqrs';
import type { CryptoShredder, EventStore, SnapshotStore } from 'tactical-ddd/event-sourcing';
import { type CurrencyCode, Money } from 'tactical-ddd/money';
import { Account } from '../domain/Account.js';
import { bankEvents } from '../domain/events.js';
import { AccountId, TransferId } from '../domain/ids.js';
import { Transfer } from '../domain/Transfer.js';
import { CloseAccount, DepositMoney, OpenAccount, WithdrawMoney } from './commands.js';
import type { ReadModel } from './readModel.js';
import { type BankStore, bankAggregates, transferProcess } from './transferProcess.js';

export interface BankOptions {
  /** Opens the store of these aggregate kinds: `inMemoryStore` or `postgresStore`, with an event store and an outbox. */
  readonly openStore: (aggregates: ReturnType<typeof bankAggregates>) => BankStore;
  /** The event store the store appends to, for tools and tests. */
  readonly events: EventStore;
  readonly snapshots: SnapshotStore;
  /** Take a snapshot of an account every this many events (default 5, low so the demo shows it). */
  readonly snapshotEvery?: number;
  /** The read side, and how to bring it up to date with the store. */
  readonly readModel: ReadModel;
  readonly catchUp: () => Promise<number>;
  /**
   * Seals the account holders' names in the events, and removes a name from the read model (which
   * holds it in clear) when the bank forgets its holder. Without it names are stored in clear.
   */
  readonly personalData?: {
    readonly shredder: CryptoShredder;
    readonly eraseOwner: (accountId: AccountId) => Promise<void>;
  };
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
 * The bank's application layer: commands go through the command bus to handlers that run one
 * session each (load an account, call one method; the commit appends its events); the outbox
 * relay hands the committed events to the transfer process manager; queries read the read model,
 * brought up to date first.
 */
export class Bank {
  readonly accounts: Repository<Account, AccountId>;
  readonly transfers: Repository<Transfer, TransferId>;
  readonly commandBus: CommandBus;
  /** The store: sessions over accounts, transfers and transfer runs. */
  readonly store: BankStore;
  /** The event store, for tools and tests; the application goes through the store. */
  readonly events: EventStore;
  private readonly options: BankOptions;
  private readonly relay: OutboxRelay;

  constructor(options: BankOptions) {
    this.options = options;
    this.events = options.events;
    const aggregateOptions = options.aggregateOptions ?? {};
    const store = options.openStore(
      bankAggregates({ snapshots: options.snapshots, snapshotEvery: options.snapshotEvery ?? 5, aggregateOptions }),
    );
    this.store = store;
    this.accounts = store.accounts;
    this.transfers = store.transfers;
    // Each handler is one session that loads its aggregate, so retryOnConcurrency can simply run it
    // again when another writer appended to the same stream in between.
    this.commandBus = new CommandBus({ middleware: [retryOnConcurrency({ maxAttempts: 3 })] })
      .register(OpenAccount, ({ payload }, context) =>
        store.transaction((s) => {
          s.accounts.add(Account.open(payload.accountId, payload.owner, payload.currency, aggregateOptions));
        }, context),
      )
      .register(DepositMoney, ({ payload: { accountId, amount, currency, ...details } }, context) =>
        store.transaction(async (s) => {
          (await s.accounts.get(accountId)).deposit(moneyOf(amount, currency), details);
        }, context),
      )
      .register(WithdrawMoney, ({ payload: { accountId, amount, currency, ...details } }, context) =>
        store.transaction(async (s) => {
          (await s.accounts.get(accountId)).withdraw(moneyOf(amount, currency), details);
        }, context),
      )
      .register(CloseAccount, ({ payload }, context) =>
        store.transaction(async (s) => {
          (await s.accounts.get(payload.accountId)).close();
        }, context),
      );
    const eventBus = new EventBus();
    transferProcess(store).subscribe(eventBus);
    if (store.outbox === undefined) {
      throw ValidationError.of(
        'Bank',
        'openStore',
        'no_outbox',
        'the events reach the transfer process through an outbox',
      );
    }
    // The outbox keeps events as JSON: the registry turns them back into typed events (Money and
    // all) before the process manager sees them, whichever store this is.
    // Names are sealed in the outbox too: open them first (null once the holder is forgotten).
    const shredder = options.personalData?.shredder;
    const decode = async (event: DomainEvent) =>
      bankEvents.parse(JSON.parse(JSON.stringify(shredder === undefined ? event : (await shredder.open([event]))[0])));
    this.relay = new OutboxRelay({
      outbox: store.outbox,
      publisher: { publish: async (event) => eventBus.publish(await decode(event)) },
    });
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

  /**
   * Forgets an account holder (the right to erasure): deletes the key their name was sealed with,
   * so every stored copy of it (events, outbox, snapshots) reads as null from now on, and removes
   * it from the read model. The account, its balance and its history stay as they were.
   */
  async forgetAccountHolder(accountId: string): Promise<void> {
    const id = AccountId.parse(accountId);
    const { personalData } = this.options;
    if (personalData === undefined) {
      throw ValidationError.of('Bank', 'personalData', 'required', 'this bank stores names in clear: it cannot forget');
    }
    await this.accounts.getById(id); // a NotFoundError for an unknown account
    await personalData.shredder.forget(id);
    await personalData.eraseOwner(id);
  }

  async closeAccount(accountId: string): Promise<void> {
    await this.dispatch(CloseAccount({ accountId: AccountId.parse(accountId) }));
  }

  /**
   * Records a transfer request; the relay hands its event to the transfer process manager, which
   * moves the money (or refunds it) and records the outcome on the transfer.
   */
  async transfer(fromId: string, toId: string, amount: Money): Promise<TransferOutcome> {
    const from = AccountId.parse(fromId);
    const to = AccountId.parse(toId);
    await Promise.all([this.accounts.getById(from), this.accounts.getById(to)]); // NotFoundError before anything is stored
    const transferId = TransferId.create();
    // The transfer's id is the conversation's correlation id: the process manager keys its run by it.
    await this.store.transaction(
      (s) => s.transfers.add(Transfer.request(transferId, from, to, amount, this.options.aggregateOptions)),
      { metadata: { correlationId: transferId } },
    );
    await this.settle();
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

  private async dispatch(command: Command, options?: DispatchOptions): Promise<void> {
    await this.commandBus.dispatch(command, options);
    await this.settle();
  }

  /** Delivers the committed events (to the process manager), then brings the read side up to date. */
  private async settle(): Promise<void> {
    await this.relay.drain();
    await this.options.catchUp();
  }
}
