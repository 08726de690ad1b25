import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { SchemaOutput } from '../core/SchemaTypes.js';
import type { DispatchOptions } from './DispatchOptions.js';
import type { CommandDefinition } from './defineCommand.js';
import type { Handler } from './Handler.js';
import type { Command, Message, PlainMessage } from './Message.js';
import { type BusOptions, MessageBus } from './MessageBus.js';
import type { AnyMessageDefinition } from './MessageDefinition.js';

/**
 * Routes each command to its one handler, through a middleware pipeline. `dispatch` validates
 * the command (a `ValidationError` before any handler runs), works out its correlation and
 * causation ids, runs the middleware and the handler, and resolves to the handler's typed result.
 *
 * @example
 * ```ts
 * const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: OrderId.schema }));
 * const commandBus = new CommandBus({ middleware: [tracing(hook), retryOnConcurrency()] });
 *
 * commandBus.register(ConfirmOrder, (command, context) =>
 *   store.transaction(async (s) => {
 *     const order = await s.orders.get(command.payload.orderId);
 *     order.confirm(); // committed with its events in the outbox
 *   }, context),
 * );
 *
 * await commandBus.dispatch(ConfirmOrder({ orderId }), { metadata: { correlationId: requestId } });
 * ```
 */
export class CommandBus extends MessageBus {
  /** @param options - The middleware pipeline. */
  constructor(options: BusOptions = {}) {
    super('command', options);
  }

  /**
   * Registers the handler of a command type.
   *
   * @param definition - The command's definition, from {@link defineCommand}.
   * @param handler - A function or an object with `handle`, returning the command's result.
   * @returns This bus, for chaining.
   * @throws {@link DuplicateHandlerError} when the type already has a handler.
   */
  register<TType extends string, TSchema extends StandardSchemaV1, TResult>(
    definition: CommandDefinition<TType, TSchema, TResult>,
    handler: Handler<Command<TType, SchemaOutput<TSchema>, TResult>, TResult>,
  ): this {
    this.add(definition as unknown as AnyMessageDefinition, handler as Handler<Message, unknown>);
    return this;
  }

  /**
   * Sends a command to its handler through the pipeline.
   *
   * @param command - A command made by a definition, or a plain `{ type, payload, id?, metadata? }`
   *   (validated against the registered definition).
   * @param options - What caused it, and metadata to add.
   * @returns The handler's result.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the command is invalid; the handler does not run.
   * @throws {@link HandlerNotFoundError} when its type has no handler.
   */
  dispatch<TResult>(command: Command<string, unknown, TResult>, options?: DispatchOptions): Promise<TResult>;
  dispatch(command: PlainMessage, options?: DispatchOptions): Promise<unknown>;
  dispatch(command: Command | PlainMessage, options?: DispatchOptions): Promise<unknown> {
    return this.send(command as Command, options);
  }
}
