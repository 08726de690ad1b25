import type { Options } from 'amqplib';
import type { DomainEvent } from '../core/DomainEvent.js';

/**
 * The AMQP properties of an event's message: persistent, JSON, `messageId` = event id, `type` =
 * event type, `correlationId`, and causation and trace context as headers, so that brokers'
 * tooling sees them without reading the body (the body, the envelope, stays the source of truth).
 * @internal
 */
export function publishOptions(event: DomainEvent, headers: Record<string, unknown> = {}): Options.Publish {
  const { correlationId, causationId, traceparent, tracestate } = event.metadata;
  const extra: Record<string, unknown> = { ...headers };
  if (typeof causationId === 'string') extra['causation-id'] = causationId;
  if (typeof traceparent === 'string') extra.traceparent = traceparent;
  if (typeof tracestate === 'string') extra.tracestate = tracestate;
  return {
    persistent: true,
    contentType: 'application/json',
    contentEncoding: 'utf-8',
    messageId: event.id,
    type: event.type,
    timestamp: Math.floor(Date.parse(event.occurredAt) / 1000) || 0,
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    headers: extra,
  };
}
