import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import type { Outbox } from '../core/Outbox.js';
import type { EventBusOptions } from '../cqrs/EventBus.js';
import type { BusOptions } from '../cqrs/MessageBus.js';
import type { OutboxRelayOptions } from '../cqrs/OutboxRelay.js';

/**
 * How `TacticalDddModule` runs the `OutboxRelay`: the relay's own options, the publisher
 * (default: the module's `EventBus`), and whether the module starts it when the application has
 * started and stops and drains it when the application shuts down (default `true`).
 *
 * @example
 * ```ts
 * const relay: TacticalDddRelayOptions = { publisher: new RabbitMQPublisher({ url, exchange: 'orders' }), batchSize: 50 };
 * ```
 */
export interface TacticalDddRelayOptions extends Omit<OutboxRelayOptions, 'outbox' | 'publisher'> {
  /** Where the committed events go: a broker adapter, or (default) the module's `EventBus`. */
  readonly publisher?: MessagePublisher;
  /**
   * `true` (default): started on `onApplicationBootstrap`, stopped and drained on
   * `onApplicationShutdown`. `false`: the relay is provided but left to you (`drain()` in tests).
   */
  readonly start?: boolean;
}

/**
 * The options of `TacticalDddModule.forRoot`: the store, and the options of the buses and the relay.
 *
 * @typeParam TStore - The store's type (from `inMemoryStore`, `postgresStore`…).
 *
 * @example
 * ```ts
 * const options: TacticalDddModuleOptions = {
 *   store: inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } }),
 *   commandBus: { middleware: [retryOnConcurrency()] },
 *   eventBus: { onError: (failure) => logger.error(failure.subscriber, failure.error) },
 * };
 * ```
 */
export interface TacticalDddModuleOptions<
  TStore extends { readonly outbox: Outbox | undefined } = { readonly outbox: Outbox | undefined },
> {
  /** The store the handlers use (injected with `TACTICAL_DDD_STORE`); the relay reads its outbox. */
  readonly store: TStore;
  /** The `CommandBus` middleware and result checks. */
  readonly commandBus?: BusOptions;
  /** The `QueryBus` middleware and result checks. */
  readonly queryBus?: BusOptions;
  /** The `EventBus` delivery mode and failure hook. */
  readonly eventBus?: EventBusOptions;
  /** The relay's publisher, batching, retries and lifecycle. */
  readonly relay?: TacticalDddRelayOptions;
}

/**
 * The options of `TacticalDddModule.forRootAsync`: a factory of the options, with what it needs
 * from Nest's container.
 *
 * @example
 * ```ts
 * TacticalDddModule.forRootAsync({
 *   imports: [DatabaseModule],
 *   inject: [PGLITE],
 *   useFactory: (db: PGlite) => ({ store: postgresStore({ client: pgliteClient(db), aggregates }) }),
 * });
 * ```
 */
export interface TacticalDddModuleAsyncOptions {
  /** Modules whose providers the factory injects. */
  readonly imports?: ModuleMetadata['imports'];
  /** The tokens whose values the factory receives, in order. */
  readonly inject?: FactoryProvider['inject'];
  /** Makes the options (or a promise of them) from the injected values. */
  readonly useFactory: (...args: never[]) => TacticalDddModuleOptions | Promise<TacticalDddModuleOptions>;
}
