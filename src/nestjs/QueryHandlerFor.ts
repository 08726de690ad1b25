import type * as z from 'zod';
import type { QueryDefinition } from '../cqrs/defineQuery.js';
import type { Query } from '../cqrs/Message.js';
import type { AnyMessageDefinition } from '../cqrs/MessageDefinition.js';
import { type MessageHandlerClass, markClass, QUERY_HANDLER } from './handlerMetadata.js';

/**
 * Marks a Nest provider class as the handler of one query: `TacticalDddModule` finds it when the
 * application starts and registers it on the `QueryBus` (its `handle(query, context)` method). The
 * compiler checks that `handle` takes that query and returns its result type.
 *
 * @param definition - The query's definition, from `defineQuery`.
 * @returns A class decorator.
 * @throws {@link "tactical-ddd/cqrs".DuplicateHandlerError | DuplicateHandlerError} when the application starts and the
 *   query already has a handler.
 *
 * @example
 * ```ts
 * @Injectable()
 * @QueryHandlerFor(GetOrder)
 * class GetOrderHandler {
 *   constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: OrderStore) {}
 *   async handle({ payload }: Query<'GetOrder', { orderId: OrderId }, OrderView | undefined>) {
 *     const order = await this.store.orders.findById(payload.orderId);
 *     return order && { id: order.id, status: order.status };
 *   }
 * }
 * ```
 */
export function QueryHandlerFor<TType extends string, TSchema extends z.ZodType, TResult>(
  definition: QueryDefinition<TType, TSchema, TResult>,
): <TClass extends MessageHandlerClass<Query<TType, z.output<TSchema>, TResult>, TResult>>(target: TClass) => void {
  return markClass(QUERY_HANDLER, definition as unknown as AnyMessageDefinition);
}
