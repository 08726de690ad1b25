import type { Message } from './Message.js';
import type { MessageContext } from './MessageContext.js';
import type { AnyMessageDefinition } from './MessageDefinition.js';

/**
 * One message going through a bus's pipeline: whether it is a command or a query, the validated
 * message, its definition and its context.
 *
 * @example
 * ```ts
 * const audit: Middleware = (dispatch, next) => {
 *   console.log(dispatch.kind, dispatch.message.type, dispatch.context.correlationId);
 *   return next(dispatch);
 * };
 * ```
 */
export interface Dispatch {
  readonly kind: 'command' | 'query';
  readonly message: Message;
  readonly definition: AnyMessageDefinition;
  readonly context: MessageContext;
}

/**
 * A step of a bus's pipeline, shared by `CommandBus` and `QueryBus`: it may act before and after
 * `next` (which runs the rest of the pipeline and the handler), call it again (retries), pass on a
 * changed dispatch (more metadata), or not call it at all.
 *
 * Validation and the correlation and causation ids are built in: every middleware sees a valid
 * message and a complete context.
 *
 * @example
 * ```ts
 * const timing: Middleware = async (dispatch, next) => {
 *   const started = Date.now();
 *   try {
 *     return await next(dispatch);
 *   } finally {
 *     console.log(dispatch.message.type, Date.now() - started, 'ms');
 *   }
 * };
 * const commandBus = new CommandBus({ middleware: [timing] });
 * ```
 */
export type Middleware = (dispatch: Dispatch, next: (dispatch: Dispatch) => Promise<unknown>) => Promise<unknown>;
