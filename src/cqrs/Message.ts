import type { EventMetadata } from '../core/DomainEvent.js';

declare const resultType: unique symbol;
declare const kindType: unique symbol;

/**
 * A command or query: a request with a `type`, its own `id`, a validated `payload` and `metadata`
 * (correlation and causation ids, trace context). It carries the type of its handler's result, so
 * that `dispatch` is typed end to end.
 *
 * @typeParam TType - The message's type name, such as `'ConfirmOrder'`.
 * @typeParam TPayload - Its payload.
 * @typeParam TResult - What its handler returns.
 *
 * @example
 * ```ts
 * const message: Message<'ConfirmOrder', { orderId: string }, void> = ConfirmOrder({ orderId });
 * ```
 */
export interface Message<TType extends string = string, TPayload = unknown, TResult = unknown> {
  readonly type: TType;
  /** The message's id (uuid v7 unless given): the causation id of what its handler causes. */
  readonly id: string;
  readonly payload: TPayload;
  readonly metadata: EventMetadata;
  /** Type-level only: the result of the message's handler. Never present at run time. */
  readonly [resultType]?: TResult;
}

/**
 * A command or query as plain data, such as a request body: `CommandBus.dispatch` and
 * `QueryBus.dispatch` validate it against the definition registered for its `type` (a
 * `ValidationError` before any handler runs). Its result is `unknown`: use the definition to get a
 * typed result.
 *
 * @example
 * ```ts
 * const plain: PlainMessage = { type: 'ConfirmOrder', payload: await request.json() };
 * await commandBus.dispatch(plain);
 * ```
 */
export interface PlainMessage<TType extends string = string> {
  readonly type: TType;
  readonly payload: unknown;
  readonly id?: string;
  readonly metadata?: EventMetadata;
  /** Type-level only: a command made for one bus does not pass as plain data on the other. */
  readonly [kindType]?: undefined;
}

/**
 * A command: a request to change state, handled by exactly one handler of a `CommandBus`.
 *
 * @example
 * ```ts
 * const command: Command<'ConfirmOrder', { orderId: string }, void> = ConfirmOrder({ orderId });
 * ```
 */
export interface Command<TType extends string = string, TPayload = unknown, TResult = unknown>
  extends Message<TType, TPayload, TResult> {
  /** Type-level only: keeps commands and queries apart. Never present at run time. */
  readonly [kindType]?: 'command';
}

/**
 * A query: a request for data, handled by exactly one handler of a `QueryBus`.
 *
 * @example
 * ```ts
 * const query: Query<'GetOrder', { orderId: string }, OrderView | undefined> = GetOrder({ orderId });
 * ```
 */
export interface Query<TType extends string = string, TPayload = unknown, TResult = unknown>
  extends Message<TType, TPayload, TResult> {
  /** Type-level only: keeps commands and queries apart. Never present at run time. */
  readonly [kindType]?: 'query';
}

/**
 * The handler result type carried by a message: `ResultOf<typeof command>`.
 *
 * @example
 * ```ts
 * type Placed = ResultOf<ReturnType<typeof PlaceOrder>>; // OrderId
 * ```
 */
export type ResultOf<TMessage> = TMessage extends Message<string, unknown, infer TResult> ? TResult : never;

/**
 * The options of a message creator: an `id` (default uuid v7) and `metadata`.
 *
 * @example
 * ```ts
 * const command = ConfirmOrder({ orderId }, { id: idempotencyKey, metadata: { correlationId: requestId } });
 * ```
 */
export interface MessageOptions {
  /** The message's id; give a stable one (an idempotency key) when the client has one. */
  readonly id?: string;
  /** Metadata, such as the `correlationId` of the HTTP request. */
  readonly metadata?: EventMetadata;
}
