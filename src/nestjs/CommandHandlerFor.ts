import type * as z from 'zod';
import type { CommandDefinition } from '../cqrs/defineCommand.js';
import type { Command } from '../cqrs/Message.js';
import type { AnyMessageDefinition } from '../cqrs/MessageDefinition.js';
import { COMMAND_HANDLER, type MessageHandlerClass, markClass } from './handlerMetadata.js';

/**
 * Marks a Nest provider class as the handler of one command: `TacticalDddModule` finds it when
 * the application starts and registers it on the `CommandBus` (its `handle(command, context)`
 * method). The compiler checks that `handle` takes that command and returns its result type.
 * Only the handler class is decorated; the command, the aggregate and its events stay plain.
 *
 * @param definition - The command's definition, from `defineCommand`.
 * @returns A class decorator.
 * @throws {@link "tactical-ddd/cqrs".DuplicateHandlerError | DuplicateHandlerError} when the application starts (`app.init()`,
 *   `app.listen()`) and the command already has a handler.
 *
 * @example
 * ```ts
 * @Injectable()
 * @CommandHandlerFor(ConfirmOrder)
 * class ConfirmOrderHandler {
 *   constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: OrderStore) {}
 *   handle({ payload }: Command<'ConfirmOrder', { orderId: OrderId }, void>, context: MessageContext) {
 *     return this.store.transaction(async (s) => (await s.orders.get(payload.orderId)).confirm(), context);
 *   }
 * }
 * ```
 */
export function CommandHandlerFor<TType extends string, TSchema extends z.ZodType, TResult>(
  definition: CommandDefinition<TType, TSchema, TResult>,
): <TClass extends MessageHandlerClass<Command<TType, z.output<TSchema>, TResult>, TResult>>(target: TClass) => void {
  return markClass(COMMAND_HANDLER, definition as unknown as AnyMessageDefinition);
}
