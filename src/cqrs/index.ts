/**
 * CQRS for `tactical-ddd`: typed commands and queries validated by zod, command and query buses
 * with one handler per type and a shared middleware pipeline (retries on concurrency conflicts,
 * tracing hooks, built-in correlation and causation ids), an in-process event bus with isolated
 * subscribers, an outbox relay that publishes only committed events, and process managers (sagas)
 * with persisted state and compensation.
 *
 * @example
 * ```ts
 * import { CommandBus, defineCommand, retryOnConcurrency } from 'tactical-ddd/cqrs';
 * import * as z from 'zod';
 *
 * const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: z.uuid() }));
 * const commandBus = new CommandBus({ middleware: [retryOnConcurrency()] });
 * commandBus.register(ConfirmOrder, async (command) => {
 *   // load, change and save the order
 * });
 * await commandBus.dispatch(ConfirmOrder({ orderId: '0192f7c4-7e3a-7b1e-9a57-3c1d2e4f5a6b' }));
 * ```
 *
 * @module tactical-ddd/cqrs
 */
export { CommandBus } from './CommandBus.js';
export type { DispatchOptions } from './DispatchOptions.js';
export { DuplicateHandlerError } from './DuplicateHandlerError.js';
export { type CommandDefinition, defineCommand } from './defineCommand.js';
export { defineQuery, type QueryDefinition } from './defineQuery.js';
export {
  EventBus,
  type EventBusOptions,
  type EventHandler,
  type EventOfType,
  type SubscribeOptions,
} from './EventBus.js';
export { EventDeliveryError, type SubscriberFailure } from './EventDeliveryError.js';
export type { Handler } from './Handler.js';
export { HandlerNotFoundError } from './HandlerNotFoundError.js';
export {
  type ConsumerFailure,
  type Delivery,
  type DeliveryOptions,
  type DeliveryOutcome,
  handleDeliveries,
  handleDelivery,
} from './handleDelivery.js';
export type { Command, Message, MessageOptions, PlainMessage, Query, ResultOf } from './Message.js';
export type { BusOptions } from './MessageBus.js';
export type { MessageContext } from './MessageContext.js';
export { MessageDecodeError } from './MessageDecodeError.js';
export type { AnyMessageDefinition, MessageDefinition } from './MessageDefinition.js';
export type { Dispatch, Middleware } from './Middleware.js';
export { decodeMessage, encodeMessage, type MessageEnvelope, messageEnvelopeSchema } from './messageEnvelope.js';
export { OutboxRelay, type OutboxRelayOptions, type RelayFailure } from './OutboxRelay.js';
export { ProcessEndedError } from './ProcessEndedError.js';
export { ProcessInstance, type ProcessInstanceProps, type ProcessStatus } from './ProcessInstance.js';
export {
  type EventSource,
  type ProcessContext,
  type ProcessHandler,
  ProcessManager,
  type ProcessManagerOptions,
  type SendOptions,
  type SessionRunner,
} from './ProcessManager.js';
export { processInstanceMapping } from './processInstanceMapping.js';
export { QueryBus } from './QueryBus.js';
export { type RetryOptions, retryOnConcurrency } from './retryOnConcurrency.js';
export { type DispatchOutcome, type TraceSpan, tracing } from './tracing.js';
