/**
 * NestJS for `tactical-ddd` (needs the optional peer dependencies `@nestjs/common` and
 * `@nestjs/core`): `TacticalDddModule` provides the command, query and event buses of
 * `tactical-ddd/cqrs`, the store and an outbox relay bound to the application's lifecycle, and
 * registers handlers written as Nest providers and marked with `CommandHandlerFor`,
 * `QueryHandlerFor` or `EventHandlerFor`. The domain (aggregates, events, commands) needs no
 * decorator.
 *
 * @example
 * ```ts
 * import { Inject, Injectable, Module } from '@nestjs/common';
 * import { inMemoryStore, stateStored } from 'tactical-ddd';
 * import { CommandBus, type Command } from 'tactical-ddd/cqrs';
 * import { CommandHandlerFor, TACTICAL_DDD_STORE, TacticalDddModule } from 'tactical-ddd/nestjs';
 *
 * const store = inMemoryStore({ aggregates: { orders: stateStored<Order>('Order') } });
 *
 * @Injectable()
 * @CommandHandlerFor(PlaceOrder)
 * class PlaceOrderHandler {
 *   constructor(@Inject(TACTICAL_DDD_STORE) private readonly orders: typeof store) {}
 *   handle({ payload }: Command<'PlaceOrder', { sku: string }, OrderId>, context: MessageContext) {
 *     return this.orders.transaction((s) => s.orders.add(Order.place(payload.sku)), context);
 *   }
 * }
 *
 * @Module({ imports: [TacticalDddModule.forRoot({ store })], providers: [PlaceOrderHandler] })
 * class AppModule {}
 * ```
 *
 * @module tactical-ddd/nestjs
 */
export { CommandHandlerFor } from './CommandHandlerFor.js';
export { EventHandlerFor, type EventName, type EventNamed } from './EventHandlerFor.js';
export type { EventHandlerClass, MessageHandlerClass } from './handlerMetadata.js';
export { QueryHandlerFor } from './QueryHandlerFor.js';
export { TacticalDddModule } from './TacticalDddModule.js';
export type {
  TacticalDddModuleAsyncOptions,
  TacticalDddModuleOptions,
  TacticalDddRelayOptions,
} from './TacticalDddModuleOptions.js';
export { TACTICAL_DDD_STORE } from './tokens.js';
