import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { SchemaOutput } from '../core/SchemaTypes.js';
import type { DispatchOptions } from './DispatchOptions.js';
import type { QueryDefinition } from './defineQuery.js';
import type { Handler } from './Handler.js';
import type { Message, PlainMessage, Query } from './Message.js';
import { type BusOptions, MessageBus } from './MessageBus.js';
import type { AnyMessageDefinition } from './MessageDefinition.js';

/**
 * Routes each query to its one handler, through the same middleware pipeline as commands.
 * `dispatch` validates the query (a `ValidationError` before any handler runs), works out its
 * correlation ids, runs the middleware and the handler, and resolves to the handler's typed result.
 *
 * @example
 * ```ts
 * const GetOrder = defineQuery('GetOrder', z.object({ orderId: OrderId.schema }), OrderView.optional());
 * const queryBus = new QueryBus({ middleware: [tracing(hook)] });
 *
 * queryBus.register(GetOrder, (query) => orderViews.get(query.payload.orderId));
 *
 * const view = await queryBus.dispatch(GetOrder({ orderId })); // OrderView | undefined
 * ```
 */
export class QueryBus extends MessageBus {
  /** @param options - The middleware pipeline. */
  constructor(options: BusOptions = {}) {
    super('query', options);
  }

  /**
   * Registers the handler of a query type.
   *
   * @param definition - The query's definition, from {@link defineQuery}.
   * @param handler - A function or an object with `handle`, returning the query's result.
   * @returns This bus, for chaining.
   * @throws {@link DuplicateHandlerError} when the type already has a handler.
   */
  register<TType extends string, TSchema extends StandardSchemaV1, TResult>(
    definition: QueryDefinition<TType, TSchema, TResult>,
    handler: Handler<Query<TType, SchemaOutput<TSchema>, TResult>, TResult>,
  ): this {
    this.add(definition as unknown as AnyMessageDefinition, handler as Handler<Message, unknown>);
    return this;
  }

  /**
   * Sends a query to its handler through the pipeline.
   *
   * @param query - A query made by a definition, or a plain `{ type, payload, id?, metadata? }`
   *   (validated against the registered definition).
   * @param options - What caused it, and metadata to add.
   * @returns The handler's result.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the query is invalid; the handler does not run.
   * @throws {@link HandlerNotFoundError} when its type has no handler.
   */
  dispatch<TResult>(query: Query<string, unknown, TResult>, options?: DispatchOptions): Promise<TResult>;
  dispatch(query: PlainMessage, options?: DispatchOptions): Promise<unknown>;
  dispatch(query: Query | PlainMessage, options?: DispatchOptions): Promise<unknown> {
    return this.send(query as Query, options);
  }
}
