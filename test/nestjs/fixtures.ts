import { type INestApplicationContext, Inject, Injectable, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as z from 'zod';
import { type Command, defineCommand, defineQuery, type MessageContext, type Query } from '../../src/cqrs/index.js';
import { type DomainEvent, InMemoryOutbox, inMemoryStore, stateStored } from '../../src/index.js';
import {
  CommandHandlerFor,
  EventHandlerFor,
  QueryHandlerFor,
  TACTICAL_DDD_STORE,
  TacticalDddModule,
  type TacticalDddModuleOptions,
} from '../../src/nestjs/index.js';
import { Account, AccountId, Deposited } from '../core/accountFixtures.js';

export const OpenAccount = defineCommand('OpenAccount', z.object({ deposit: z.int().positive() }), AccountId.schema);
export const Deposit = defineCommand('Deposit', z.object({ accountId: AccountId.schema, amount: z.int() }));
export const Audit = defineCommand('Audit', z.object({ accountId: AccountId.schema }));
export const GetBalance = defineQuery('GetBalance', z.object({ accountId: AccountId.schema }), z.number());

/** The store of the tests: accounts, in memory, with an outbox. */
export const makeStore = (outbox = new InMemoryOutbox()) =>
  inMemoryStore({ outbox, aggregates: { accounts: stateStored<Account>('Account') } });
export type AccountStore = ReturnType<typeof makeStore>;

/** A plain Nest service a handler depends on, to show handlers get their dependencies injected. */
@Injectable()
export class Limits {
  readonly maxDeposit = 1_000;
}

@Injectable()
@CommandHandlerFor(OpenAccount)
export class OpenAccountHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: AccountStore) {}

  handle({ payload }: Command<'OpenAccount', { deposit: number }, AccountId>, context: MessageContext) {
    return this.store.transaction((s) => {
      const account = Account.open();
      account.deposit(payload.deposit);
      s.accounts.add(account);
      return account.id;
    }, context);
  }
}

@Injectable()
@CommandHandlerFor(Deposit)
export class DepositHandler {
  constructor(
    @Inject(TACTICAL_DDD_STORE) private readonly store: AccountStore,
    @Inject(Limits) private readonly limits: Limits,
  ) {}

  handle({ payload }: Command<'Deposit', { accountId: AccountId; amount: number }, void>, context: MessageContext) {
    return this.store.transaction(async (s) => {
      const account = await s.accounts.get(payload.accountId);
      account.deposit(payload.amount); // the event is raised before the check below can throw
      if (payload.amount > this.limits.maxDeposit) throw new RangeError(`over the limit of ${this.limits.maxDeposit}`);
    }, context);
  }
}

@Injectable()
@QueryHandlerFor(GetBalance)
export class GetBalanceHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: AccountStore) {}

  async handle({ payload }: Query<'GetBalance', { accountId: AccountId }, number>) {
    return (await this.store.accounts.getById(payload.accountId)).balance;
  }
}

/** Records what the event bus delivered to it (after commit) and the audits the relay sent. */
@Injectable()
@EventHandlerFor(Deposited)
export class DepositLog {
  readonly seen: DomainEvent[] = [];
  /** How many deliveries fail before one succeeds. */
  failures = 0;

  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: AccountStore) {}

  async handle(event: DomainEvent<'Deposited', { amount: number }>) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('the log is down');
    }
    this.seen.push(event);
    // A command through the outbox, as a process manager sends one: delivered by the relay.
    if (event.payload.amount === 7) {
      await this.store.transaction((s) => s.send(Audit({ accountId: AccountId.parse(event.aggregateId) })), {
        metadata: { ...event.metadata, causationId: event.id },
      });
    }
  }
}

@Injectable()
@CommandHandlerFor(Audit)
export class AuditHandler {
  readonly audited: string[] = [];
  handle(command: Command<'Audit', { accountId: AccountId }, void>, context: MessageContext) {
    this.audited.push(`${command.payload.accountId} caused by ${context.causationId}`);
  }
}

export const handlers = [OpenAccountHandler, DepositHandler, GetBalanceHandler, DepositLog, AuditHandler, Limits];

/** Boots an application context with the module and `providers`; closed by the caller. */
export async function boot(
  options: TacticalDddModuleOptions | ModuleMetadata['imports'],
  metadata: ModuleMetadata = { providers: handlers },
): Promise<INestApplicationContext> {
  const imports = Array.isArray(options) ? options : [TacticalDddModule.forRoot(options as TacticalDddModuleOptions)];
  @Module({ ...metadata, imports: [...imports, ...(metadata.imports ?? [])] })
  class TestModule {}
  return NestFactory.createApplicationContext(TestModule, { logger: false, abortOnError: false });
}
