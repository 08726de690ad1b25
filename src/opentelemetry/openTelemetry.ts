import {
  type Attributes,
  type Context,
  context as contexts,
  type Histogram,
  isSpanContextValid,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { DomainEvent, EventMetadata } from '../core/DomainEvent.js';
import type { Observation, ObservedOutcome, Observer } from '../core/Observer.js';
import { metadataOf, traceContextOf } from './traceContext.js';

/**
 * The options of {@link openTelemetry}.
 *
 * @example
 * ```ts
 * const options: OpenTelemetryOptions = { tracerProvider: provider, meterProvider, name: 'orders' };
 * ```
 */
export interface OpenTelemetryOptions {
  /** Where spans go (default: the global tracer provider, a no-op until an SDK registers one). */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go (default: the global meter provider). */
  readonly meterProvider?: MeterProvider;
  /** The instrumentation scope's name (default `'tactical-ddd'`). */
  readonly name?: string;
}

/** The metric instruments {@link openTelemetry} records to, by name. */
const INSTRUMENTS = {
  dispatch: 'ddd.dispatch.duration',
  outboxLag: 'ddd.outbox.lag',
  consumerLag: 'ddd.consumer.lag',
} as const;

/**
 * Makes an observer that traces and measures the library with OpenTelemetry: pass it as `observer`
 * to the `CommandBus` and `QueryBus`, the store, the `OutboxRelay`, process managers and broker
 * consumers. Each dispatch, session commit, relayed message and consumed message gets a span, child
 * of the span in the W3C trace context its message carries (else of the active span), and hands its
 * own trace context on in the metadata of what it causes, through the outbox and any broker: so
 * one trace runs from an HTTP request through the command, its commit, the relay, the consumers,
 * process managers and the commands they send. Spans carry the message type and id, the
 * correlation id, the aggregate id and its stream version. Three histograms (in seconds):
 * `ddd.dispatch.duration` (by message type, kind and outcome), `ddd.outbox.lag` (from enqueueing to
 * relaying) and `ddd.consumer.lag` (from the event to its handling, by consumer).
 *
 * @param options - The tracer and meter providers (default: the global ones) and the scope name.
 * @returns The observer.
 *
 * @example
 * ```ts
 * const observer = openTelemetry();
 * const commandBus = new CommandBus({ observer });
 * const store = inMemoryStore({ aggregates, observer });
 * const relay = new OutboxRelay({ outbox: store.outbox, publisher: eventBus, observer });
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Observer {
  const name = options.name ?? 'tactical-ddd';
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(name);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(name);
  const histogram = (metric: string, description: string): Histogram =>
    meter.createHistogram(metric, { unit: 's', description });
  const dispatchDuration = histogram(INSTRUMENTS.dispatch, 'How long commands and queries take, handler included');
  const outboxLag = histogram(INSTRUMENTS.outboxLag, 'How long outbox messages wait before the relay delivers them');
  const consumerLag = histogram(INSTRUMENTS.consumerLag, 'How long after an event a consumer handles it');

  return {
    dispatch(message) {
      const metric: Attributes = { 'ddd.message.type': message.type, 'ddd.message.kind': message.kind };
      return traced(
        tracer,
        message.metadata,
        `${message.kind} ${message.type}`,
        SpanKind.INTERNAL,
        {
          ...metric,
          'messaging.message.id': message.id,
          'messaging.message.conversation_id': message.correlationId,
        },
        (outcome) => {
          dispatchDuration.record(outcome.durationMs / 1000, {
            ...metric,
            'ddd.outcome': outcome.ok ? 'ok' : 'error',
            ...(outcome.ok ? {} : { 'error.type': errorType(outcome.error) }),
          });
        },
      );
    },
    commit(session) {
      return traced(
        tracer,
        session.metadata,
        `commit ${session.store}`,
        SpanKind.INTERNAL,
        { 'ddd.store': session.store },
        (outcome, span) => {
          if (!outcome.ok) return;
          const { aggregates, messages } = outcome.result;
          span.setAttribute('ddd.commit.messages', messages);
          span.setAttribute('ddd.commit.aggregates', aggregates.length);
          const [only] = aggregates;
          if (aggregates.length === 1 && only !== undefined)
            span.setAttributes(aggregateAttributes(only.type, only.id, only.version));
          for (const aggregate of aggregates) {
            span.addEvent('ddd.aggregate.saved', {
              ...aggregateAttributes(aggregate.type, aggregate.id, aggregate.version),
              'ddd.change': aggregate.change,
              'ddd.events': aggregate.events,
            });
          }
        },
      );
    },
    relay(message) {
      const [kind, carried] =
        message.kind === 'event' ? (['event', message.event] as const) : (['command', message.command] as const);
      const enqueued = Date.parse(message.enqueuedAt);
      if (Number.isFinite(enqueued)) {
        outboxLag.record(Math.max(0, Date.now() - enqueued) / 1000, {
          'ddd.message.type': carried.type,
          'ddd.message.kind': kind,
        });
      }
      return traced(tracer, carried.metadata, `publish ${carried.type}`, SpanKind.PRODUCER, {
        'messaging.operation.type': 'send',
        'messaging.message.id': carried.id,
        'ddd.message.type': carried.type,
        'ddd.message.kind': kind,
        ...conversation(carried.metadata),
        ...(message.kind === 'event' ? eventAttributes(message.event) : {}),
        'ddd.outbox.attempts': message.attempts,
      });
    },
    deliver(delivery) {
      const { event, consumer } = delivery;
      const occurred = Date.parse(event.occurredAt);
      if (Number.isFinite(occurred)) {
        consumerLag.record(Math.max(0, Date.now() - occurred) / 1000, {
          'ddd.message.type': event.type,
          'messaging.consumer.group.name': consumer,
        });
      }
      return traced(
        tracer,
        event.metadata,
        `process ${event.type}`,
        SpanKind.CONSUMER,
        {
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': consumer,
          'messaging.message.id': event.id,
          'messaging.message.delivery_attempt': delivery.attempts,
          'ddd.message.type': event.type,
          'ddd.message.kind': 'event',
          ...conversation(event.metadata),
          ...eventAttributes(event),
        },
        (outcome, span) => {
          if (outcome.ok) span.setAttribute('ddd.delivery.status', outcome.result);
        },
      );
    },
  };
}

/**
 * Starts a span child of the trace context in `metadata` (else of the active context) and returns
 * the observation: the span's trace context as metadata, its context for the work, and its end.
 */
function traced<TResult>(
  tracer: Tracer,
  metadata: EventMetadata,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  onEnd?: (outcome: ObservedOutcome<TResult>, span: Span) => void,
): Observation<TResult> {
  const parent: Context = traceContextOf(metadata);
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  const own = span.spanContext();
  const inherited = trace.getSpanContext(parent);
  // Without an SDK the span is the parent's context again (or invalid without a parent): then
  // there is nothing new to hand on, and the messages keep the trace context they carry.
  const handsOn = isSpanContextValid(own) && own.spanId !== inherited?.spanId;
  const end = (outcome: ObservedOutcome<TResult>): void => {
    try {
      onEnd?.(outcome, span);
      if (!outcome.ok) {
        const { error } = outcome;
        span.recordException(error instanceof Error ? error : String(error));
        span.setAttribute('error.type', errorType(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    } finally {
      span.end();
    }
  };
  if (!handsOn) return { end };
  const active = trace.setSpan(parent, span);
  return { metadata: metadataOf(own), run: (work) => contexts.with(active, work), end };
}

function aggregateAttributes(type: string, id: string, version: number): Attributes {
  return { 'ddd.aggregate.type': type, 'ddd.aggregate.id': id, 'ddd.stream.version': version };
}

function eventAttributes(event: DomainEvent): Attributes {
  return { 'ddd.aggregate.id': event.aggregateId, 'ddd.stream.version': event.aggregateVersion };
}

function conversation(metadata: EventMetadata): Attributes {
  const { correlationId } = metadata;
  return typeof correlationId === 'string' ? { 'messaging.message.conversation_id': correlationId } : {};
}

/** An error's stable `code` (a `DomainError`'s), else its class name. */
function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return typeof error;
}
