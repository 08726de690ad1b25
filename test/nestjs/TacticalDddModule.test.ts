import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import {
  CommandBus,
  DuplicateHandlerError,
  EventBus,
  EventDeliveryError,
  OutboxRelay,
  QueryBus,
} from '../../src/cqrs/index.js';
import { type DomainEvent, InMemoryOutbox, type Outbox, ValidationError } from '../../src/index.js';
import {
  CommandHandlerFor,
  EventHandlerFor,
  QueryHandlerFor,
  TACTICAL_DDD_STORE,
  TacticalDddModule,
} from '../../src/nestjs/index.js';
import { AccountId, Deposited } from '../core/accountFixtures.js';
import { caught } from '../support/caught.js';
import {
  type AccountStore,
  AuditHandler,
  boot,
  Deposit,
  DepositLog,
  GetBalance,
  handlers,
  makeStore,
  OpenAccount,
  OpenAccountHandler,
} from './fixtures.js';

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

/** The outbox of `inner` without `watch`: a relay on it only polls, so a test decides when it runs. */
const pollingOnly = (inner: Outbox): Outbox => ({
  publishPending: (publish, options) => inner.publishPending(publish, options),
});

describe('TacticalDddModule', () => {
  it('provides the buses and the store, and registers the marked providers as handlers', async () => {
    const store = makeStore();
    const app = await boot({ store, relay: { start: false } });
    try {
      const commandBus = app.get(CommandBus);
      expect(app.get(TACTICAL_DDD_STORE)).toBe(store);
      expect([OpenAccount.type, 'Deposit', 'Audit'].every((type) => commandBus.has(type))).toBe(true);
      expect(app.get(QueryBus).has(GetBalance.type)).toBe(true);

      const id = await commandBus.dispatch(OpenAccount({ deposit: 5 }));
      await commandBus.dispatch(Deposit({ accountId: id, amount: 3 }));
      expect(await app.get(QueryBus).dispatch(GetBalance({ accountId: id }))).toBe(8);
    } finally {
      await app.close();
    }
  });

  it('publishes events to the event handlers only after commit, through the relay started with the app', async () => {
    const store = makeStore();
    const app = await boot({ store });
    try {
      const log = app.get(DepositLog);
      const id = await app
        .get(CommandBus)
        .dispatch(OpenAccount({ deposit: 5 }), { metadata: { correlationId: 'req-1' } });
      await waitFor(() => log.seen.length === 1);
      expect(log.seen[0]).toMatchObject({ type: 'Deposited', aggregateId: id, metadata: { correlationId: 'req-1' } });

      // A handler that throws after raising an event: nothing is stored, nothing is published.
      const error = await caught(() => app.get(CommandBus).dispatch(Deposit({ accountId: id, amount: 5_000 })));
      expect(error).toBeInstanceOf(RangeError);
      expect(await app.get(QueryBus).dispatch(GetBalance({ accountId: id }))).toBe(5);
      expect(await app.get(OutboxRelay).drain()).toBe(0);
      expect(log.seen).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('delivers the commands a handler put in the outbox to their handler, with the event as cause', async () => {
    const app = await boot({ store: makeStore(), relay: { start: false } });
    try {
      const id = await app.get(CommandBus).dispatch(OpenAccount({ deposit: 7 }));
      expect(await app.get(OutboxRelay).drain()).toBe(2); // Deposited, then Audit
      const [deposited] = app.get(DepositLog).seen as [DomainEvent];
      expect(app.get(AuditHandler).audited).toEqual([`${id} caused by ${deposited.id}`]);
    } finally {
      await app.close();
    }
  });

  it('drains what is still pending when the application shuts down', async () => {
    const outbox = new InMemoryOutbox();
    const store = makeStore(outbox);
    const app = await boot({ store: { ...store, outbox: pollingOnly(outbox) }, relay: { pollIntervalMs: 3_600_000 } });
    const log = app.get(DepositLog);
    await app.get(CommandBus).dispatch(OpenAccount({ deposit: 1 }));
    await app.get(CommandBus).dispatch(OpenAccount({ deposit: 2 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.seen).toEqual([]); // the relay sleeps until its next poll, an hour away
    await app.close();
    expect(log.seen.map((event) => event.payload)).toEqual([{ amount: 1 }, { amount: 2 }]);
  });

  it('keeps an event pending when an event handler throws, and delivers it again', async () => {
    const app = await boot({ store: makeStore(), relay: { start: false, retryDelayMs: () => 0 } });
    try {
      const log = app.get(DepositLog);
      log.failures = 1;
      await app.get(CommandBus).dispatch(OpenAccount({ deposit: 3 }));
      const error = await caught(() => app.get(OutboxRelay).drain());
      expect(error).toBeInstanceOf(EventDeliveryError);
      expect((error as EventDeliveryError).failures[0]?.subscriber).toBe('DepositLog');
      expect(log.seen).toEqual([]);
      expect(await app.get(OutboxRelay).drain()).toBe(1);
      expect(log.seen).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('reports a failure at shutdown to the relay onError instead of failing the shutdown', async () => {
    const outbox = new InMemoryOutbox();
    const failures: unknown[] = [];
    const app = await boot({
      store: { ...makeStore(outbox), outbox: pollingOnly(outbox) },
      relay: { pollIntervalMs: 3_600_000, onError: (failure) => failures.push(failure.error) },
    });
    app.get(DepositLog).failures = 1;
    await app.get(CommandBus).dispatch(OpenAccount({ deposit: 1 }));
    await app.close();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(EventDeliveryError);
    expect(outbox.pending).toHaveLength(1); // still there for the next start
  });

  it('refuses a second handler of a command when the application starts', async () => {
    @Injectable()
    @CommandHandlerFor(OpenAccount)
    class AnotherOpenAccountHandler {
      handle() {
        return AccountId.create();
      }
    }
    const error = await caught(() =>
      boot({ store: makeStore() }, { providers: [...handlers, AnotherOpenAccountHandler] }),
    );
    expect(error).toBeInstanceOf(DuplicateHandlerError);
    expect(error).toMatchObject({ code: 'cqrs.duplicate_handler', kind: 'command', messageType: 'OpenAccount' });
  });

  it('registers a handler provided under several tokens once', async () => {
    const app = await boot(
      { store: makeStore(), relay: { start: false } },
      { providers: [...handlers, { provide: 'opener', useExisting: OpenAccountHandler }] },
    );
    try {
      expect(app.get('opener')).toBe(app.get(OpenAccountHandler));
      expect(app.get(CommandBus).has(OpenAccount.type)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('refuses a request-scoped handler and a marked class without handle, naming the class', async () => {
    @Injectable({ scope: Scope.REQUEST })
    @CommandHandlerFor(OpenAccount)
    class PerRequest {
      handle() {
        return AccountId.create();
      }
    }
    const scoped = await caught(() => boot({ store: makeStore() }, { providers: [PerRequest] }));
    expect(scoped).toBeInstanceOf(ValidationError);
    expect(scoped).toMatchObject({ field: 'PerRequest', rule: 'not_singleton' });

    class NoHandle {}
    (EventHandlerFor(Deposited) as (target: unknown) => void)(NoHandle);
    const noHandle = await caught(() => boot({ store: makeStore() }, { providers: [NoHandle] }));
    expect(noHandle).toBeInstanceOf(ValidationError);
    expect(noHandle).toMatchObject({ field: 'NoHandle', rule: 'no_handle_method' });
  });

  it('refuses a command marked as a query when the application starts', async () => {
    class OpensAsQuery {
      handle() {
        return AccountId.create();
      }
    }
    (QueryHandlerFor as (definition: unknown) => (target: unknown) => void)(OpenAccount)(OpensAsQuery);
    const error = await caught(() => boot({ store: makeStore() }, { providers: [OpensAsQuery] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'definition', rule: 'wrong_kind' });
  });

  it('refuses a marker without events, and options without a store or an outbox', async () => {
    expect(() => (EventHandlerFor as (...events: unknown[]) => unknown)()).toThrow(ValidationError);
    expect(() => EventHandlerFor('')).toThrow(expect.objectContaining({ rule: 'invalid_event' }));

    const noStore = await caught(() => boot({} as never, { providers: [] }));
    expect(noStore).toMatchObject({ name: 'ValidationError', field: 'store', rule: 'invalid_type' });
    const noOutbox = await caught(() => boot({ store: { outbox: undefined } }, { providers: [] }));
    expect(noOutbox).toMatchObject({ name: 'ValidationError', field: 'store.outbox', rule: 'no_outbox' });
    const notAnObject = await caught(() =>
      boot([TacticalDddModule.forRootAsync({ useFactory: () => null as never })], { providers: [] }),
    );
    expect(notAnObject).toMatchObject({ name: 'ValidationError', field: 'options', rule: 'invalid_type' });
  });

  it('takes its options from a factory with injected providers (forRootAsync)', async () => {
    const STORE_FACTORY = Symbol('store factory');
    @Module({ providers: [{ provide: STORE_FACTORY, useValue: makeStore }], exports: [STORE_FACTORY] })
    class ConfigModule {}
    const app = await boot([
      TacticalDddModule.forRootAsync({
        imports: [ConfigModule],
        inject: [STORE_FACTORY],
        useFactory: async (make: typeof makeStore) => ({ store: make(), relay: { start: false } }),
      }),
    ]);
    try {
      const id = await app.get(CommandBus).dispatch(OpenAccount({ deposit: 2 }));
      expect(await app.get<AccountStore>(TACTICAL_DDD_STORE).accounts.getById(id)).toMatchObject({ balance: 2 });
      expect(await app.get(OutboxRelay).drain()).toBe(1);
      expect(app.get(DepositLog).seen).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('publishes to the publisher given instead of the event bus, and lets the buses be injected anywhere', async () => {
    const published: DomainEvent[] = [];
    @Injectable()
    class Controller {
      constructor(
        @Inject(CommandBus) readonly commands: CommandBus,
        @Inject(EventBus) readonly events: EventBus,
      ) {}
    }
    @Module({ providers: [Controller], exports: [Controller] })
    class FeatureModule {}
    const app = await boot(
      {
        store: makeStore(),
        relay: { start: false, publisher: { publish: async (event) => void published.push(event) } },
      },
      { providers: handlers, imports: [FeatureModule] },
    );
    try {
      const controller = app.get(Controller);
      expect(controller.commands).toBe(app.get(CommandBus));
      await controller.commands.dispatch(OpenAccount({ deposit: 4 }));
      expect(await app.get(OutboxRelay).drain()).toBe(1);
      expect(published.map((event) => event.type)).toEqual(['Deposited']);
      expect(app.get(DepositLog).seen).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
