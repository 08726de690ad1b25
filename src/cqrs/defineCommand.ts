import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { SchemaOutput } from '../core/SchemaTypes.js';
import { defineMessage } from './defineMessage.js';
import type { Command } from './Message.js';
import type { MessageDefinition } from './MessageDefinition.js';

/**
 * What {@link defineCommand} returns: a typed, validating command creator.
 *
 * @example
 * ```ts
 * const ConfirmOrder: CommandDefinition<'ConfirmOrder', typeof schema, void> = defineCommand('ConfirmOrder', schema);
 * ```
 */
export type CommandDefinition<TType extends string, TSchema extends StandardSchemaV1, TResult> = MessageDefinition<
  TType,
  TSchema,
  TResult,
  Command<TType, SchemaOutput<TSchema>, TResult>
>;

/**
 * Defines a command: a typed creator that validates its payload with `schema` (a bad payload is a
 * `ValidationError` naming the field and rule, before any handler runs) and makes frozen commands
 * with their own id. The handler's result type is `void`, or the output of `resultSchema`.
 *
 * @param type - The command's type name, unique per bus (`'ConfirmOrder'`).
 * @param schema - The payload's schema: zod, or any Standard Schema v1 validator (valibot,
 * arktype…) that validates synchronously.
 * @returns A {@link CommandDefinition}.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `type` is empty;
 * {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} when `schema` is no schema.
 *
 * @example
 * ```ts
 * const PlaceOrder = defineCommand('PlaceOrder', z.object({ sku: z.string(), quantity: z.int().positive() }), OrderId.schema);
 * commandBus.register(PlaceOrder, async (command) => placeOrder(command.payload));
 * const orderId = await commandBus.dispatch(PlaceOrder({ sku: 'A-1', quantity: 2 })); // OrderId
 * ```
 */
export function defineCommand<const TType extends string, TSchema extends StandardSchemaV1>(
  type: TType,
  schema: TSchema,
): CommandDefinition<TType, TSchema, void>;
/**
 * Defines a command whose handler returns a result validated by `resultSchema`.
 *
 * @param type - The command's type name.
 * @param schema - The payload's schema (zod, or any Standard Schema v1 validator).
 * @param resultSchema - The handler result's schema, when the handler returns something.
 * @returns A typed definition.
 *
 * @example
 * ```ts
 * const Place = defineCommand('Place', z.object({ sku: z.string() }), z.string());
 * ```
 */
export function defineCommand<
  const TType extends string,
  TSchema extends StandardSchemaV1,
  TResultSchema extends StandardSchemaV1,
>(
  type: TType,
  schema: TSchema,
  resultSchema: TResultSchema,
): CommandDefinition<TType, TSchema, SchemaOutput<TResultSchema>>;
/*@__NO_SIDE_EFFECTS__*/
export function defineCommand(
  type: string,
  schema: StandardSchemaV1,
  resultSchema?: StandardSchemaV1,
): CommandDefinition<string, StandardSchemaV1, unknown> {
  return defineMessage('command', type, schema, resultSchema);
}
