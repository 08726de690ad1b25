import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { checkInput, unreadableInput } from './checkInput.js';
import { ASK_ZOD } from './compileParse.js';
import type { DomainEvent, EventDraft, EventMetadata } from './DomainEvent.js';
import { deepFreeze } from './deepFreeze.js';
import { embedSchema } from './embedSchema.js';
import { inputParser } from './inputParser.js';
import { checkSchema } from './parseWith.js';
import type { SchemaInput, SchemaOutput } from './SchemaTypes.js';
import { ValidationError } from './ValidationError.js';

/** The options of {@link "tactical-ddd".defineEvent | defineEvent}. */
export interface DefineEventOptions {
  /** The version of the payload's schema (a positive integer); 1 when omitted. */
  readonly schemaVersion?: number;
}

/**
 * A typed event creator made by {@link "tactical-ddd".defineEvent | defineEvent}: call it with a payload to get a validated
 * {@link "tactical-ddd".EventDraft | EventDraft} for `raise`, or use `parse` to validate a stored or received event.
 */
export interface EventCreator<TType extends string, TSchema extends StandardSchemaV1> {
  /**
   * Validates `payload` (and `metadata`: an object whose `correlationId` and `causationId` are
   * non-empty strings) and returns a frozen event draft.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the payload breaks the schema, nests deeper
   * than 256 levels or holds a `__proto__`, `constructor` or `prototype` key, or the metadata is invalid.
   */
  (payload: SchemaInput<TSchema>, metadata?: EventMetadata): EventDraft<TType, PayloadOf<TSchema>>;
  readonly type: TType;
  readonly schemaVersion: number;
  /** The schema of the payload, as it was given (zod, or another Standard Schema v1 validator). */
  readonly schema: TSchema;
  /**
   * The zod schema of the whole envelope, for embedding in other schemas (a zod schema, whatever
   * validates the payload).
   */
  readonly envelopeSchema: z.ZodType<DomainEvent<TType, PayloadOf<TSchema>>>;
  /** Tells whether `event` is an event of this type (by `type`). */
  is(event: unknown): event is DomainEvent<TType, PayloadOf<TSchema>>;
  /**
   * Validates outside data (JSON from a store or a broker) as a full event of this type and
   * schema version, and returns it frozen.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the offending field.
   */
  parse(json: unknown): DomainEvent<TType, PayloadOf<TSchema>>;
  /** Like `parse`, returning `{ success, data }` or `{ success, error }`. */
  safeParse(
    json: unknown,
  ):
    | { readonly success: true; readonly data: DomainEvent<TType, PayloadOf<TSchema>> }
    | { readonly success: false; readonly error: ValidationError };
}

/** The event type produced by an event creator: `type OrderConfirmed = EventOf<typeof OrderConfirmed>`. */
export type EventOf<TCreator extends EventCreator<string, StandardSchemaV1>> = DomainEvent<
  TCreator['type'],
  SchemaOutput<TCreator['schema']>
>;

/** The payload type that a payload schema outputs. */
type PayloadOf<TSchema extends StandardSchemaV1> = SchemaOutput<TSchema>;

const metadataSchema = /*@__PURE__*/ z.looseObject({
  correlationId: z.string().min(1).optional(),
  causationId: z.string().min(1).optional(),
});

/**
 * Defines a domain event type with a schema for its payload: a zod schema, or any Standard Schema
 * v1 validator (valibot, arktype…) that validates synchronously.
 *
 * @param type - The event's type name, unique in your system (`'OrderConfirmed'`).
 * @param schema - The payload's schema.
 * @param options - `schemaVersion` (default 1): bump it, with an upcaster, whenever the schema changes.
 * @returns A typed {@link EventCreator}.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `type` is empty or `schemaVersion` is not a
 * positive integer; {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} when `schema` is no schema.
 *
 * @example
 * ```ts
 * const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ confirmedBy: z.string() }), { schemaVersion: 1 });
 * type OrderConfirmed = EventOf<typeof OrderConfirmed>;
 *
 * // inside an aggregate method:
 * this.raise(OrderConfirmed({ confirmedBy: 'alice' }));
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineEvent<const TType extends string, TSchema extends StandardSchemaV1>(
  type: TType,
  schema: TSchema,
  options: DefineEventOptions = {},
): EventCreator<TType, TSchema> {
  if (typeof type !== 'string' || type.length === 0) {
    throw ValidationError.of('event definition', 'type', 'too_small', 'An event type must be a non-empty string');
  }
  const schemaVersion = options.schemaVersion ?? 1;
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw ValidationError.of(
      `${type} definition`,
      'schemaVersion',
      'invalid_schema_version',
      'schemaVersion must be a positive integer',
    );
  }
  checkSchema(type, schema);
  type TPayload = PayloadOf<TSchema>;
  type TEvent = DomainEvent<TType, TPayload>;

  const envelopeSchema = z.strictObject({
    id: z.uuid(),
    type: z.literal(type),
    schemaVersion: z.literal(schemaVersion),
    aggregateId: z.string().min(1),
    aggregateVersion: z.int().nonnegative(),
    occurredAt: z.iso.datetime({ offset: true }),
    payload: embedSchema(type, schema),
    metadata: metadataSchema,
  }) as unknown as z.ZodType<TEvent>;

  const safeParse = (json: unknown) => {
    try {
      const refused = checkInput(type, json);
      if (refused !== undefined) return { success: false as const, error: refused };
      const result = envelopeSchema.safeParse(json);
      return result.success
        ? { success: true as const, data: deepFreeze(result.data) }
        : { success: false as const, error: ValidationError.fromZod(type, result.error) };
    } catch (error) {
      return { success: false as const, error: unreadableInput(type, error) };
    }
  };

  const { fast, slow } = inputParser(type, schema);
  const validatePayload = (payload: unknown, metadata: unknown): TPayload => {
    let data = fast === undefined ? ASK_ZOD : fast(payload);
    if (data === ASK_ZOD) {
      data = slow(payload);
      if (data instanceof ValidationError) throw data;
    }
    if (metadata !== undefined) {
      const subject = `${type} metadata`;
      const bad = checkInput(subject, metadata);
      if (bad !== undefined) throw bad;
      const checked = metadataSchema.safeParse(metadata);
      if (!checked.success) throw ValidationError.fromZod(subject, checked.error);
    }
    return data as TPayload;
  };

  const create = (payload: SchemaInput<TSchema>, metadata?: EventMetadata): EventDraft<TType, TPayload> => {
    let data: TPayload;
    try {
      data = validatePayload(payload, metadata);
    } catch (error) {
      throw unreadableInput(type, error);
    }
    const draft: EventDraft<TType, TPayload> =
      metadata === undefined
        ? { type, schemaVersion, payload: data }
        : { type, schemaVersion, payload: data, metadata };
    return deepFreeze(draft);
  };

  return Object.freeze(
    Object.assign(create, {
      type,
      schemaVersion,
      schema,
      envelopeSchema,
      is: (event: unknown): event is TEvent =>
        typeof event === 'object' && event !== null && (event as { type?: unknown }).type === type,
      parse(json: unknown): TEvent {
        const result = safeParse(json);
        if (!result.success) throw result.error;
        return result.data;
      },
      safeParse,
    }),
  );
}
