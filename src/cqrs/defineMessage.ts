import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { checkInput, unreadableInput } from '../core/checkInput.js';
import { ASK_ZOD } from '../core/compileParse.js';
import { deepFreeze } from '../core/deepFreeze.js';
import { embedSchema } from '../core/embedSchema.js';
import { hasOnlyPrimitiveFields } from '../core/hasOnlyPrimitiveFields.js';
import { inputParser } from '../core/inputParser.js';
import { newEventId } from '../core/newEventId.js';
import { checkSchema } from '../core/parseWith.js';
import type { SchemaInput, SchemaOutput } from '../core/SchemaTypes.js';
import { ValidationError } from '../core/ValidationError.js';
import type { Message, MessageOptions } from './Message.js';
import type { MessageDefinition } from './MessageDefinition.js';

const noMetadata = /*@__PURE__*/ Object.freeze({});

const metadataSchema = /*@__PURE__*/ z.looseObject({
  correlationId: z.string().min(1).optional(),
  causationId: z.string().min(1).optional(),
});

/** Builds a command or query definition. @internal */
/*@__NO_SIDE_EFFECTS__*/
export function defineMessage<
  TType extends string,
  TSchema extends StandardSchemaV1,
  TResult,
  TMessage extends Message<TType, SchemaOutput<TSchema>, TResult>,
>(
  kind: 'command' | 'query',
  type: TType,
  schema: TSchema,
  resultSchema: StandardSchemaV1<unknown, TResult> | undefined,
): MessageDefinition<TType, TSchema, TResult, TMessage> {
  if (typeof type !== 'string' || type.length === 0) {
    throw ValidationError.of(`${kind} definition`, 'type', 'too_small', `A ${kind} type must be a non-empty string`);
  }
  checkSchema(type, schema);
  if (resultSchema !== undefined) checkSchema(`${type} result`, resultSchema);
  // Messages are instances of a class of their own: the bus trusts (does not validate again) what
  // this definition made, told apart by prototype. A hidden property or a WeakSet costs several
  // times more per message than the rest of building it.
  class DefinedMessage {
    readonly type: TType;
    readonly id: string;
    readonly payload: unknown;
    readonly metadata: MessageOptions['metadata'];
    constructor(id: string, payload: unknown, metadata: MessageOptions['metadata']) {
      this.type = type;
      this.id = id;
      this.payload = payload;
      this.metadata = metadata;
      Object.freeze(this);
    }
    /** The plain `{ type, id, payload, metadata }` that JSON and the outbox carry. */
    toJSON(): object {
      return { type: this.type, id: this.id, payload: this.payload, metadata: this.metadata };
    }
  }
  Object.defineProperty(DefinedMessage, 'name', { value: type });
  const prototype: object = DefinedMessage.prototype;
  // A payload of primitive fields needs only a shallow freeze.
  const freezePayload: <T>(payload: T) => T = hasOnlyPrimitiveFields(schema) ? Object.freeze : deepFreeze;
  const { fast, slow } = inputParser(type, schema);
  const envelopeSchema = z.strictObject({
    type: z.literal(type),
    id: z.string().min(1).optional(),
    payload: embedSchema(type, schema),
    metadata: metadataSchema.optional(),
  });

  const build = (id: string, payload: unknown, metadata: MessageOptions['metadata']): TMessage =>
    new DefinedMessage(
      id,
      freezePayload(payload),
      metadata ? deepFreeze({ ...metadata }) : noMetadata,
    ) as unknown as TMessage;

  const validate = (payload: unknown, options: MessageOptions): unknown => {
    let data = fast === undefined ? ASK_ZOD : fast(payload);
    if (data === ASK_ZOD) {
      data = slow(payload);
      if (data instanceof ValidationError) throw data;
    }
    if (options.id !== undefined && (typeof options.id !== 'string' || options.id.length === 0)) {
      throw ValidationError.of(type, 'id', 'too_small', 'A message id must be a non-empty string');
    }
    if (options.metadata !== undefined) {
      const bad = checkInput(`${type} metadata`, options.metadata);
      if (bad !== undefined) throw bad;
      const checked = metadataSchema.safeParse(options.metadata);
      if (!checked.success) throw ValidationError.fromZod(`${type} metadata`, checked.error);
    }
    return data;
  };

  const create = (payload: SchemaInput<TSchema>, options: MessageOptions = {}): TMessage => {
    let data: unknown;
    try {
      data = validate(payload, options);
    } catch (error) {
      throw unreadableInput(type, error);
    }
    return build(options.id ?? newEventId(), data, options.metadata);
  };

  const safeParse = (json: unknown) => {
    try {
      const refused = checkInput(type, json);
      if (refused !== undefined) return { success: false as const, error: refused };
      const result = envelopeSchema.safeParse(json);
      if (!result.success) return { success: false as const, error: ValidationError.fromZod(type, result.error) };
      const { id, payload, metadata } = result.data as {
        id?: string;
        payload: unknown;
        metadata?: MessageOptions['metadata'];
      };
      return { success: true as const, data: build(id ?? newEventId(), payload, metadata) };
    } catch (error) {
      return { success: false as const, error: unreadableInput(type, error) };
    }
  };

  return Object.freeze(
    Object.assign(create, {
      kind,
      type,
      schema,
      resultSchema,
      is: (message: unknown): message is TMessage =>
        typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type,
      parse(json: unknown): TMessage {
        const result = safeParse(json);
        if (!result.success) throw result.error;
        return result.data;
      },
      safeParse,
      owns: (message: object): boolean => Object.getPrototypeOf(message) === prototype,
    }),
  );
}
