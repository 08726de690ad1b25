import type { DynamicModule, Provider } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import type { OutboxCommand } from '../core/Outbox.js';
import { ValidationError } from '../core/ValidationError.js';
import { CommandBus } from '../cqrs/CommandBus.js';
import { EventBus } from '../cqrs/EventBus.js';
import { guardHook } from '../cqrs/guardHook.js';
import { OutboxRelay, type OutboxRelayOptions, type RelayFailure } from '../cqrs/OutboxRelay.js';
import { QueryBus } from '../cqrs/QueryBus.js';
import type { DiscoveredProvider } from './registerHandlers.js';
import { TacticalDddLifecycle } from './TacticalDddLifecycle.js';
import type { TacticalDddModuleAsyncOptions, TacticalDddModuleOptions } from './TacticalDddModuleOptions.js';
import { TACTICAL_DDD_OPTIONS, TACTICAL_DDD_STORE } from './tokens.js';

/**
 * The Nest module of `tactical-ddd`: provides the `CommandBus`, `QueryBus` and `EventBus` of
 * `tactical-ddd/cqrs` (injected by class), the store (`TACTICAL_DDD_STORE`) and an `OutboxRelay`
 * from the store's outbox to the event bus (or a broker); registers the providers marked with
 * `CommandHandlerFor`, `QueryHandlerFor` and `EventHandlerFor` when the modules initialise; starts
 * the relay when the application has started, and stops and drains it when it shuts down. Global
 * by default: import it once, in the root module.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [TacticalDddModule.forRoot({ store: inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } }) })],
 *   providers: [PlaceOrderHandler, OrderConfirmationMailer],
 *   controllers: [OrdersController],
 * })
 * class AppModule {}
 * ```
 */
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class that `imports` names, configured by static `forRoot`.
export class TacticalDddModule {
  /**
   * Configures the module with options known up front.
   *
   * @param options - The store, and the options of the buses and the relay.
   * @returns The dynamic module to put in `imports`.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the application starts and the options are
   *   invalid (no store, a store without an outbox, bad relay settings).
   *
   * @example
   * ```ts
   * TacticalDddModule.forRoot({ store, commandBus: { middleware: [retryOnConcurrency()] } });
   * ```
   */
  static forRoot(options: TacticalDddModuleOptions): DynamicModule {
    return build({ provide: TACTICAL_DDD_OPTIONS, useValue: options }, []);
  }

  /**
   * Configures the module with options made by a factory from other providers (a configuration
   * service, a database connection opened first).
   *
   * @param options - The factory, the tokens it injects and the modules that provide them.
   * @returns The dynamic module to put in `imports`.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the application starts and the options the
   *   factory made are invalid.
   *
   * @example
   * ```ts
   * TacticalDddModule.forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => ({ store: makeStore(config) }) });
   * ```
   */
  static forRootAsync(options: TacticalDddModuleAsyncOptions): DynamicModule {
    return build(
      { provide: TACTICAL_DDD_OPTIONS, useFactory: options.useFactory, inject: [...(options.inject ?? [])] },
      options.imports ?? [],
    );
  }
}

function build(options: Provider, imports: NonNullable<DynamicModule['imports']>): DynamicModule {
  const fromOptions = <TValue>(provide: unknown, make: (options: TacticalDddModuleOptions) => TValue): Provider => ({
    provide: provide as string,
    useFactory: (value: unknown) => make(checkOptions(value)),
    inject: [TACTICAL_DDD_OPTIONS],
  });
  return {
    module: TacticalDddModule,
    global: true,
    imports: [DiscoveryModule, ...imports],
    providers: [
      options,
      fromOptions(TACTICAL_DDD_STORE, (o) => o.store),
      fromOptions(CommandBus, (o) => new CommandBus(o.commandBus)),
      fromOptions(QueryBus, (o) => new QueryBus(o.queryBus)),
      fromOptions(EventBus, (o) => new EventBus(o.eventBus)),
      {
        provide: OutboxRelay,
        useFactory: (value: unknown, eventBus: EventBus, commandBus: CommandBus) =>
          makeRelay(checkOptions(value), eventBus, commandBus),
        inject: [TACTICAL_DDD_OPTIONS, EventBus, CommandBus],
      },
      {
        provide: TacticalDddLifecycle,
        useFactory: (
          value: unknown,
          discovery: DiscoveryService,
          reflector: Reflector,
          commandBus: CommandBus,
          queryBus: QueryBus,
          eventBus: EventBus,
          relay: OutboxRelay,
        ) => {
          const o = checkOptions(value);
          return new TacticalDddLifecycle(
            {
              getProviders: () => discovery.getProviders() as readonly DiscoveredProvider[],
              read: (key, target) => reflector.get(key, target as never),
            },
            { commandBus, queryBus, eventBus },
            relay,
            o.relay?.start !== false,
            guardHook('TacticalDddModule', o.relay?.onError ?? reportToConsole),
          );
        },
        inject: [TACTICAL_DDD_OPTIONS, DiscoveryService, Reflector, CommandBus, QueryBus, EventBus, OutboxRelay],
      },
    ],
    exports: [TACTICAL_DDD_STORE, CommandBus, QueryBus, EventBus, OutboxRelay],
  };
}

function makeRelay(options: TacticalDddModuleOptions, eventBus: EventBus, commandBus: CommandBus): OutboxRelay {
  const { outbox } = options.store;
  if (outbox === undefined) {
    throw ValidationError.of(
      'TacticalDddModule',
      'store.outbox',
      'no_outbox',
      'the store has no outbox for the relay to read: give the store an outbox',
    );
  }
  const { start: _start, publisher = eventBus as MessagePublisher, ...relay } = options.relay ?? {};
  const commands =
    relay.commands ?? publisher.send?.bind(publisher) ?? ((command: OutboxCommand) => commandBus.dispatch(command));
  return new OutboxRelay({ ...relay, outbox, publisher, commands } satisfies OutboxRelayOptions);
}

function checkOptions(value: unknown): TacticalDddModuleOptions {
  if (typeof value !== 'object' || value === null) {
    throw ValidationError.of('TacticalDddModule', 'options', 'invalid_type', 'the options must be an object');
  }
  const { store } = value as { store?: unknown };
  if (typeof store !== 'object' || store === null || !('outbox' in store)) {
    throw ValidationError.of(
      'TacticalDddModule',
      'store',
      'invalid_type',
      'store must be a store of tactical-ddd (inMemoryStore, postgresStore…)',
    );
  }
  return value as TacticalDddModuleOptions;
}

function reportToConsole(failure: RelayFailure): void {
  (globalThis as unknown as { console: { error(...data: unknown[]): void } }).console.error(
    'TacticalDddModule: publishing the outbox at shutdown failed',
    failure.error,
  );
}
