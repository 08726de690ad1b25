import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { DomainEvent, MessagePublisher } from 'tactical-ddd';
import { type Middleware, tracing } from 'tactical-ddd/cqrs';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` of a span: what travels in message and event metadata. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 1) === 1 ? '01' : '00'}`;
}

/** The OpenTelemetry context whose parent is the span a `traceparent` names (the root without one). */
export function contextOf(traceparent: unknown): Context {
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (match === null) return ROOT_CONTEXT;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16),
    isRemote: true,
  });
}

function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}

/**
 * The library's `tracing` middleware, adapted to OpenTelemetry: a span per command or query,
 * child of the `traceparent` in the message's metadata (set by the HTTP layer, or carried from
 * the event that caused it), and the new span's `traceparent` handed on as metadata, so the
 * events the handler raises carry it through the outbox.
 */
export function openTelemetryMiddleware(tracer: Tracer): Middleware {
  return tracing((dispatch) => {
    const span = tracer.startSpan(
      `${dispatch.kind} ${dispatch.message.type}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'messaging.message.id': dispatch.context.messageId,
          'ddd.correlation_id': dispatch.context.correlationId,
        },
      },
      contextOf(dispatch.context.metadata.traceparent),
    );
    return {
      metadata: { traceparent: traceparentOf(span) },
      end: (outcome) => endSpan(span, outcome.ok ? undefined : outcome.error),
    };
  });
}

/**
 * Wraps the publisher the outbox relay delivers to: a consumer span per event, child of the span
 * that raised it (the `traceparent` stored with the event), and the event handed on with that
 * span as its `traceparent`, so what subscribers dispatch (the saga's follow-up commands) joins
 * the same trace.
 */
export class TracedPublisher implements MessagePublisher {
  constructor(
    private readonly inner: MessagePublisher,
    private readonly tracer: Tracer,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    const span = this.tracer.startSpan(
      `event ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.message.id': event.id, 'ddd.aggregate_id': event.aggregateId },
      },
      contextOf(event.metadata.traceparent),
    );
    try {
      await this.inner.publish({ ...event, metadata: { ...event.metadata, traceparent: traceparentOf(span) } });
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  /** The same for a batch (one span per event), handed on as one batch when the inner publisher takes batches. */
  async publishBatch(events: readonly DomainEvent[]): Promise<void> {
    if (this.inner.publishBatch === undefined) {
      for (const event of events) await this.publish(event);
      return;
    }
    const spans = events.map((event) =>
      this.tracer.startSpan(
        `event ${event.type}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: { 'messaging.message.id': event.id, 'ddd.aggregate_id': event.aggregateId },
        },
        contextOf(event.metadata.traceparent),
      ),
    );
    try {
      await this.inner.publishBatch(
        events.map((event, i) => ({
          ...event,
          metadata: { ...event.metadata, traceparent: traceparentOf(spans[i] as Span) },
        })),
      );
      for (const span of spans) endSpan(span);
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      throw error;
    }
  }
}
