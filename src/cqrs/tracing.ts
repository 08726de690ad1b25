import type { EventMetadata } from '../core/DomainEvent.js';
import type { Observation, ObservedOutcome } from '../core/Observer.js';
import { observe } from '../core/observe.js';
import type { Dispatch, Middleware } from './Middleware.js';

/**
 * How a dispatch ended, as a {@link TraceSpan} learns it.
 *
 * @example
 * ```ts
 * tracing(() => ({ end: (outcome: DispatchOutcome) => metrics.record(outcome.ok, outcome.durationMs) }));
 * ```
 */
export type DispatchOutcome = ObservedOutcome;

/**
 * What a tracing hook returns for one dispatch: metadata to propagate (such as the W3C
 * `traceparent` of the span just started, added to the context so to the events and messages the
 * handler causes), optionally a `run` that runs the rest of the pipeline in a context of its own,
 * and what to do at the end.
 *
 * @example
 * ```ts
 * tracing((dispatch): TraceSpan => {
 *   const span = tracer.startSpan(dispatch.message.type);
 *   return { metadata: { traceparent: traceparentOf(span) }, end: () => span.end() };
 * });
 * ```
 */
export type TraceSpan = Observation;

/**
 * Middleware that calls `start` for each dispatch (for logging, metrics or tracing: no OpenTelemetry
 * dependency), propagates the metadata the span returns, and reports the outcome and duration to
 * its `end`. Errors of the dispatch are reported and rethrown, never swallowed; a `start` or `end`
 * that throws is written to `console.error` and the dispatch goes on.
 *
 * @param start - Called with the dispatch before the rest of the pipeline; returns a span, or
 *   nothing to observe no further.
 * @returns The middleware.
 *
 * @example
 * ```ts
 * const logging = tracing((dispatch) => ({
 *   end: (outcome) =>
 *     logger.info({ type: dispatch.message.type, correlationId: dispatch.context.correlationId, ok: outcome.ok, ms: outcome.durationMs }),
 * }));
 * const commandBus = new CommandBus({ middleware: [logging, retryOnConcurrency()] });
 * ```
 */
export function tracing(start: (dispatch: Dispatch) => TraceSpan | undefined): Middleware {
  return (dispatch, next) =>
    observe(
      'tracing',
      () => start(dispatch),
      (metadata) => next(metadata === undefined ? dispatch : withMetadata(dispatch, metadata)),
      same,
    );
}

const same = <T>(result: T): T => result;

/** The dispatch with `metadata` added to its context; the correlation and causation ids stay. @internal */
export function withMetadata(dispatch: Dispatch, metadata: EventMetadata): Dispatch {
  const { context } = dispatch;
  return {
    ...dispatch,
    context: {
      ...context,
      metadata: {
        ...context.metadata,
        ...metadata,
        correlationId: context.correlationId,
        causationId: context.messageId,
      },
    },
  };
}
