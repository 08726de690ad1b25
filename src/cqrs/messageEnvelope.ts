import * as z from 'zod';
import { checkInput } from '../core/checkInput.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { OutboxCommand } from '../core/Outbox.js';
import { ValidationError } from '../core/ValidationError.js';
import { MessageDecodeError } from './MessageDecodeError.js';

/**
 * The zod schema of the message envelope that the broker adapters (`tactical-ddd/rabbitmq`,
 * `tactical-ddd/redis`) put on the wire: the library's event envelope as a JSON object.
 *
 * | field | type | meaning |
 * |---|---|---|
 * | `id` | non-empty string | the event id (uuid v7): consumers deduplicate on it |
 * | `type` | non-empty string | the event type (the RabbitMQ routing key) |
 * | `schemaVersion` | positive integer | the payload's schema version |
 * | `aggregateId` | string | the aggregate that raised it |
 * | `aggregateVersion` | integer ≥ 0 | the aggregate's version once it is applied |
 * | `occurredAt` | ISO 8601 date-time | when it happened |
 * | `payload` | any JSON | the event's data, validated by the consumer's event schema |
 * | `metadata` | object | `correlationId`, `causationId` (strings), trace context (`traceparent`, `tracestate`) and free keys |
 *
 * Unknown top-level keys are kept (`looseObject`), so a newer producer can add some.
 *
 * @example
 * ```ts
 * const result = messageEnvelopeSchema.safeParse(JSON.parse(text));
 * if (result.success) console.log(result.data.type, result.data.metadata.correlationId);
 * ```
 */
export const messageEnvelopeSchema = /*@__PURE__*/ z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  schemaVersion: z.int().positive(),
  aggregateId: z.string(),
  aggregateVersion: z.int().nonnegative(),
  occurredAt: z.iso.datetime({ offset: true }),
  payload: z.unknown(),
  metadata: z.looseObject({
    correlationId: z.string().optional(),
    causationId: z.string().optional(),
    traceparent: z.string().optional(),
    tracestate: z.string().optional(),
  }),
});

/**
 * A message envelope as {@link messageEnvelopeSchema} parses it.
 *
 * @example
 * ```ts
 * const envelope: MessageEnvelope = messageEnvelopeSchema.parse(JSON.parse(text));
 * ```
 */
export type MessageEnvelope = z.infer<typeof messageEnvelopeSchema>;

/**
 * Encodes an event as the wire envelope: UTF-8 JSON text of the event (see
 * {@link messageEnvelopeSchema}); an outbox command the same way, as the JSON of its type, id,
 * payload and metadata.
 *
 * @param event - The event (or command) to send.
 * @returns The JSON text.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`not_json_safe`) when the event does not
 * serialise to JSON (a `bigint` in the payload, a cycle).
 *
 * @example
 * ```ts
 * const text = encodeMessage(event); // '{"id":"0192…","type":"OrderPlaced",…}'
 * ```
 */
export function encodeMessage(event: DomainEvent | OutboxCommand): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    throw ValidationError.of(
      'MessageEnvelope',
      'payload',
      'not_json_safe',
      `event ${event.type} ${event.id} is not JSON-safe: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
type TextDecoderClass = new (label: string, options: { fatal: boolean }) => Utf8Decoder;
let utf8: Utf8Decoder | undefined;
// TextDecoder is a global of Node and browsers; the core's lib settings do not declare it.
const decoder = (): Utf8Decoder =>
  (utf8 ??= new (globalThis as unknown as { TextDecoder: TextDecoderClass }).TextDecoder('utf-8', { fatal: true }));

/**
 * Decodes a message body (bytes or text) into an event: UTF-8, JSON, then
 * {@link messageEnvelopeSchema}. The payload is not checked here: pass the event to your event
 * creator's or registry's `parse` for that (the broker consumers take such a `decode` option).
 *
 * @param body - The message body as the broker delivered it.
 * @returns The event, frozen.
 * @throws {@link MessageDecodeError} naming the field and rule for anything that is not an envelope.
 *
 * @example
 * ```ts
 * const event = decodeMessage(Buffer.from(encodeMessage(original)));
 * ```
 */
export function decodeMessage(body: string | Uint8Array): DomainEvent {
  let text: string;
  if (typeof body === 'string') text = body;
  else {
    try {
      text = decoder().decode(body);
    } catch (error) {
      throw new MessageDecodeError('', 'invalid_utf8', 'the body is not UTF-8 text', { cause: error });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MessageDecodeError('', 'invalid_json', 'the body is not JSON', { cause: error });
  }
  // A `__proto__` key would vanish in the parse below: refuse it (and nesting too deep) by name.
  const refused = checkInput('MessageEnvelope', json);
  if (refused !== undefined) {
    throw new MessageDecodeError(refused.field, refused.rule, refused.message, { cause: refused });
  }
  const result = messageEnvelopeSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    throw new MessageDecodeError(issue.path.map(String).join('.'), issue.code, issue.message, { cause: result.error });
  }
  return Object.freeze(result.data as DomainEvent);
}
