import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { SchemaInput, SchemaOutput } from '../core/SchemaTypes.js';
import type { ValidationError } from '../core/ValidationError.js';
import type { Message, MessageOptions } from './Message.js';

/**
 * What {@link defineCommand} and {@link defineQuery} return: call it with a payload to get a
 * validated, frozen message, or `parse` a message received from outside.
 *
 * @typeParam TType - The message's type name.
 * @typeParam TSchema - The payload's schema (zod, or any Standard Schema v1 validator).
 * @typeParam TResult - What its handler returns.
 * @typeParam TMessage - The message type it makes.
 *
 * @example
 * ```ts
 * const ConfirmOrder = defineCommand('ConfirmOrder', z.object({ orderId: z.uuid() }));
 * const fromHttp = ConfirmOrder.parse(await request.json()); // ValidationError names the field
 * ```
 */
export interface MessageDefinition<
  TType extends string,
  TSchema extends StandardSchemaV1,
  TResult,
  TMessage extends Message<TType, SchemaOutput<TSchema>, TResult>,
> {
  /**
   * Validates `payload` and returns a frozen message.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field when the payload breaks the schema.
   */
  (payload: SchemaInput<TSchema>, options?: MessageOptions): TMessage;
  /** Whether it defines commands or queries. */
  readonly kind: 'command' | 'query';
  readonly type: TType;
  /** The payload's schema, as it was given. */
  readonly schema: TSchema;
  /** The schema of the handler's result, when one was given. */
  readonly resultSchema: StandardSchemaV1<unknown, TResult> | undefined;
  /** Tells whether `message` is a message of this type (by `type`). */
  is(message: unknown): message is TMessage;
  /**
   * Validates a message from outside (`{ type, payload, id?, metadata? }`, as JSON) and returns
   * it frozen; a missing `id` is generated.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field.
   */
  parse(json: unknown): TMessage;
  /** Like `parse`, returning `{ success, data }` or `{ success, error }`. */
  safeParse(
    json: unknown,
  ): { readonly success: true; readonly data: TMessage } | { readonly success: false; readonly error: ValidationError };
  /** Tells whether this definition made `message` (and so validated it). @internal */
  owns(message: object): boolean;
}

/** Any message definition, as a bus stores it. */
export type AnyMessageDefinition = MessageDefinition<string, StandardSchemaV1, unknown, Message>;
