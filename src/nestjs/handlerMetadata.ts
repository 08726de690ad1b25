import { SetMetadata } from '@nestjs/common';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { MessageContext } from '../cqrs/MessageContext.js';
import type { AnyMessageDefinition } from '../cqrs/MessageDefinition.js';

/** The metadata key of a command handler class: its command's definition. @internal */
export const COMMAND_HANDLER = 'tactical-ddd:command-handler';
/** The metadata key of a query handler class: its query's definition. @internal */
export const QUERY_HANDLER = 'tactical-ddd:query-handler';
/** The metadata key of an event handler class: the event types it subscribes to. @internal */
export const EVENT_HANDLER = 'tactical-ddd:event-handler';

/** What the discovery reads from a handler class, by key. @internal */
export interface HandlerMetadata {
  readonly [COMMAND_HANDLER]: AnyMessageDefinition;
  readonly [QUERY_HANDLER]: AnyMessageDefinition;
  readonly [EVENT_HANDLER]: readonly string[];
}

/**
 * A class whose instances handle `TMessage` with `handle(message, context)` and return `TResult`:
 * what `CommandHandlerFor` and `QueryHandlerFor` accept.
 *
 * @typeParam TMessage - The command or query it handles.
 * @typeParam TResult - What `handle` returns (or resolves to).
 *
 * @example
 * ```ts
 * class ConfirmOrderHandler {
 *   async handle(command: Command<'ConfirmOrder', { orderId: string }, void>, context: MessageContext) {}
 * }
 * const fits: MessageHandlerClass<Command<'ConfirmOrder', { orderId: string }, void>, void> = ConfirmOrderHandler;
 * ```
 */
export type MessageHandlerClass<TMessage, TResult> = abstract new (
  ...args: never[]
) => {
  /** Handles the message (a property, not a method: checked strictly, so a handler of a narrower message does not fit). */
  readonly handle: (message: TMessage, context: MessageContext) => TResult | Promise<TResult>;
};

/**
 * A class whose instances handle events of `TEvent` with `handle(event)`: what `EventHandlerFor` accepts.
 *
 * @typeParam TEvent - The events it handles.
 *
 * @example
 * ```ts
 * class OrderView {
 *   async handle(event: EventOf<typeof OrderPlaced>) {}
 * }
 * const fits: EventHandlerClass<EventOf<typeof OrderPlaced>> = OrderView;
 * ```
 */
export type EventHandlerClass<TEvent extends DomainEvent> = abstract new (
  ...args: never[]
) => {
  /** Handles the event (a property, not a method: checked strictly, so a handler of fewer events does not fit). */
  readonly handle: (event: TEvent) => void | Promise<void>;
};

/**
 * A class decorator that records `value` under `key` on the class, where Nest's `Reflector` and
 * the handler discovery read it. @internal
 */
export function markClass<TKey extends keyof HandlerMetadata>(
  key: TKey,
  value: HandlerMetadata[TKey],
): (target: abstract new (...args: never[]) => unknown) => void {
  const decorate = SetMetadata(key, value);
  return (target) => {
    decorate(target);
  };
}
