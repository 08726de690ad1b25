import type * as z from 'zod';
import type { DomainEvent } from '../core/DomainEvent.js';

/** Where {@link personal} leaves its mark on a schema. @internal */
export const PERSONAL: unique symbol = Symbol.for('tactical-ddd.personal');

/**
 * The options of {@link personal}.
 *
 * @example
 * ```ts
 * const options: PersonalOptions = { subject: (payload) => payload.customerId };
 * ```
 */
export interface PersonalOptions {
  /**
   * The data subject the field belongs to, read from the event's whole payload or its envelope
   * (`event.aggregateId` when the aggregate is the person): an opaque id such as a customer's
   * uuid. It is stored in clear next to the ciphertext, so it must not itself be personal data
   * such as an e-mail address.
   */
  subject(payload: Readonly<Record<string, unknown>>, event: DomainEvent): unknown;
}

/**
 * A schema marked as personal data: the same schema, made nullable (`null` is what a field reads
 * as once its subject is forgotten), carrying the rule that finds its subject.
 *
 * @typeParam TSchema - The field's schema.
 */
export type PersonalSchema<TSchema extends z.ZodType> = z.ZodNullable<TSchema> & {
  readonly [PERSONAL]: PersonalOptions;
};

/**
 * Marks a field of an event's payload schema as personal data of a data subject. Event stores
 * given a `CryptoShredder` encrypt such fields (AES-256-GCM, with the subject's own key) before the
 * event is written anywhere, and decrypt them on read; once the subject is forgotten, the field
 * reads as `null` and the rest of the event stays as it was. Its type is therefore `T | null`:
 * handlers say what a forgotten value means to them.
 *
 * Marks are found on the fields of the payload object and of the objects nested in it (also
 * under `.optional()`); a mark inside an array or a union is not looked for.
 *
 * @param schema - The field's schema.
 * @param options - `subject`: reads the subject's id from the payload.
 * @returns The schema, nullable and marked.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} never at definition; a payload whose subject is not a
 *   non-empty string is refused on append.
 *
 * @example
 * ```ts
 * const CustomerRegistered = defineEvent(
 *   'CustomerRegistered',
 *   z.object({
 *     customerId: z.uuid(),
 *     email: personal(z.email(), { subject: (payload) => payload.customerId }),
 *   }),
 * );
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function personal<TSchema extends z.ZodType>(
  schema: TSchema,
  options: PersonalOptions,
): PersonalSchema<TSchema> {
  const marked = schema.nullable() as PersonalSchema<TSchema>;
  Object.defineProperty(marked, PERSONAL, { value: Object.freeze({ subject: options.subject }), enumerable: false });
  return marked;
}
