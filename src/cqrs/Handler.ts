import type { Message } from './Message.js';
import type { MessageContext } from './MessageContext.js';

/**
 * A command or query handler: a plain function, or an object with a `handle` method (a class
 * instance with its dependencies). No decorators, no reflection.
 *
 * @typeParam TMessage - The message it handles.
 * @typeParam TResult - What it returns.
 *
 * @example
 * ```ts
 * const asFunction: Handler<Command<'ConfirmOrder', { orderId: string }, void>, void> = async (command, context) => {};
 * const asObject = { async handle(command: ConfirmOrderCommand, context: MessageContext) {} };
 * ```
 */
export type Handler<TMessage extends Message, TResult> =
  | ((message: TMessage, context: MessageContext) => TResult | Promise<TResult>)
  | {
      /** Handles `message` in `context`. */
      handle(message: TMessage, context: MessageContext): TResult | Promise<TResult>;
    };
