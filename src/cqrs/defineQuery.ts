import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { SchemaOutput } from '../core/SchemaTypes.js';
import { defineMessage } from './defineMessage.js';
import type { Query } from './Message.js';
import type { MessageDefinition } from './MessageDefinition.js';

/**
 * What {@link defineQuery} returns: a typed, validating query creator.
 *
 * @example
 * ```ts
 * const GetOrder: QueryDefinition<'GetOrder', typeof params, OrderView> = defineQuery('GetOrder', params, OrderView);
 * ```
 */
export type QueryDefinition<TType extends string, TSchema extends StandardSchemaV1, TResult> = MessageDefinition<
  TType,
  TSchema,
  TResult,
  Query<TType, SchemaOutput<TSchema>, TResult>
>;

/**
 * Defines a query: a typed creator that validates its parameters with `schema` (a bad payload is
 * a `ValidationError` before any handler runs). The result type is the output of `resultSchema`,
 * or `unknown` without one.
 *
 * @param type - The query's type name, unique per bus (`'GetOrder'`).
 * @param schema - The parameters' schema: zod, or any Standard Schema v1 validator (valibot,
 * arktype…) that validates synchronously.
 * @returns A {@link QueryDefinition}.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `type` is empty;
 * {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} when `schema` is no schema.
 *
 * @example
 * ```ts
 * const GetOrder = defineQuery('GetOrder', z.object({ orderId: OrderId.schema }), OrderView.optional());
 * queryBus.register(GetOrder, (query) => views.get(query.payload.orderId));
 * const view = await queryBus.dispatch(GetOrder({ orderId })); // OrderView | undefined
 * ```
 */
export function defineQuery<const TType extends string, TSchema extends StandardSchemaV1>(
  type: TType,
  schema: TSchema,
): QueryDefinition<TType, TSchema, unknown>;
/**
 * Defines a query whose handler returns a result validated by `resultSchema`.
 *
 * @param type - The query's type name.
 * @param schema - The payload's schema (zod, or any Standard Schema v1 validator).
 * @param resultSchema - The result's schema.
 * @returns A typed definition.
 *
 * @example
 * ```ts
 * const Place = defineQuery('Place', z.object({ sku: z.string() }), z.string());
 * ```
 */
export function defineQuery<
  const TType extends string,
  TSchema extends StandardSchemaV1,
  TResultSchema extends StandardSchemaV1,
>(
  type: TType,
  schema: TSchema,
  resultSchema: TResultSchema,
): QueryDefinition<TType, TSchema, SchemaOutput<TResultSchema>>;
/*@__NO_SIDE_EFFECTS__*/
export function defineQuery(
  type: string,
  schema: StandardSchemaV1,
  resultSchema?: StandardSchemaV1,
): QueryDefinition<string, StandardSchemaV1, unknown> {
  return defineMessage('query', type, schema, resultSchema);
}
