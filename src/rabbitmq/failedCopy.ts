import type { ConsumeMessage, Options } from 'amqplib';
import { type DeliveryOutcome, errorMessage } from '../cqrs/handleDelivery.js';

/**
 * The properties of the copy of a failed message sent to a retry or dead-letter queue: the
 * original's properties plus its error in the headers (`x-attempts`, `x-error`, `x-error-name`,
 * `x-consumer`, `x-original-routing-key`; and, for a dead letter, `x-dead-letter-reason` and
 * `x-dead-lettered-at`), and a per-message TTL of `expirationMs` when given. @internal
 */
export function failedCopy(
  message: ConsumeMessage,
  attempts: number,
  outcome: DeliveryOutcome & { readonly status: 'retry' | 'dead_letter' },
  consumer: string,
  expirationMs?: number,
): Options.Publish {
  const headers: Record<string, unknown> = { ...(message.properties.headers ?? {}) };
  const failure = {
    ...headers,
    'x-attempts': attempts,
    'x-error': errorMessage(outcome.error),
    'x-error-name': outcome.error instanceof Error ? outcome.error.name : typeof outcome.error,
    'x-consumer': consumer,
    'x-original-routing-key': headers['x-original-routing-key'] ?? message.fields.routingKey,
    ...(outcome.status === 'retry'
      ? {}
      : { 'x-dead-letter-reason': outcome.reason, 'x-dead-lettered-at': new Date().toISOString() }),
  };
  return {
    ...copyProperties(message),
    headers: failure,
    ...(expirationMs === undefined ? {} : { expiration: String(expirationMs) }),
  };
}

/** Which delivery this is, counting from 1 (from the `x-attempts` header of earlier failures). @internal */
export function attemptsOf(message: ConsumeMessage): number {
  const previous = Number(message.properties.headers?.['x-attempts'] ?? 0);
  return (Number.isSafeInteger(previous) && previous > 0 ? previous : 0) + 1;
}

function copyProperties(message: ConsumeMessage): Options.Publish {
  const p = message.properties;
  const options: Options.Publish = { persistent: true };
  if (p.contentType !== undefined) options.contentType = p.contentType;
  if (p.contentEncoding !== undefined) options.contentEncoding = p.contentEncoding;
  if (p.messageId !== undefined) options.messageId = p.messageId;
  if (p.type !== undefined) options.type = p.type;
  if (p.correlationId !== undefined) options.correlationId = p.correlationId;
  if (p.timestamp !== undefined) options.timestamp = p.timestamp;
  return options;
}
