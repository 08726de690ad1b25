import {
  type Context,
  context as contexts,
  createTraceState,
  isSpanContextValid,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import type { EventMetadata } from '../core/DomainEvent.js';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
/** W3C caps `tracestate` at 32 members; 512 characters is the size every vendor must keep. */
const MAX_TRACESTATE = 512;

/**
 * The W3C trace context (`traceparent`, and `tracestate` when there is one) of the span active in
 * `context`, as event metadata: what a command or event carries so that what it causes joins the
 * same trace. Empty when no valid span is active.
 *
 * @param context - The context whose span to carry (default: the active context).
 * @returns `{ traceparent, tracestate? }`, or `{}` without a span.
 *
 * @example
 * ```ts
 * await commandBus.dispatch(PlaceOrder(input), { metadata: traceMetadata(trace.setSpan(context.active(), requestSpan)) });
 * ```
 */
export function traceMetadata(context: Context = contexts.active()): EventMetadata {
  const span = trace.getSpanContext(context);
  return span === undefined || !isSpanContextValid(span) ? {} : metadataOf(span);
}

/** The W3C trace context of a span context as metadata. @internal */
export function metadataOf(span: SpanContext): EventMetadata {
  const traceparent = `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 1) === 1 ? '01' : '00'}`;
  const tracestate = span.traceState?.serialize();
  return tracestate === undefined || tracestate.length === 0 ? { traceparent } : { traceparent, tracestate };
}

/**
 * The OpenTelemetry context whose parent span is the one the metadata's W3C `traceparent` names
 * (with its `tracestate`), over `base`; `base` itself when the metadata carries no valid
 * `traceparent` (a malformed one is ignored, never thrown on: it comes from outside).
 *
 * @param metadata - An event's or message's metadata.
 * @param base - The context to add the parent to (default: the active context).
 * @returns The context to start a child span in.
 *
 * @example
 * ```ts
 * const span = tracer.startSpan('project OrderPlaced', {}, traceContextOf(event.metadata));
 * ```
 */
export function traceContextOf(metadata: EventMetadata, base: Context = contexts.active()): Context {
  const { traceparent, tracestate } = metadata;
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (match === null || match[1] === 'ff') return base;
  const [, , traceId = '', spanId = '', flags = '00'] = match;
  const span: SpanContext = { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
  if (!isSpanContextValid(span)) return base;
  const state =
    typeof tracestate === 'string' && tracestate.length > 0 && tracestate.length <= MAX_TRACESTATE
      ? createTraceState(tracestate)
      : undefined;
  return trace.setSpanContext(base, state === undefined ? span : { ...span, traceState: state });
}
