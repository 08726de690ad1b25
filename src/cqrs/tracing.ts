import type { EventMetadata } from '../core/DomainEvent.js';
import type { Dispatch, Middleware } from './Middleware.js';
import { now } from './timers.js';

/**
 * How a dispatch ended, as a {@link TraceSpan} learns it.
 *
 * @example
 * ```ts
 * tracing(() => ({ end: (outcome: DispatchOutcome) => metrics.record(outcome.ok, outcome.durationMs) }));
 * ```
 */
export type DispatchOutcome =
  | { readonly ok: true; readonly result: unknown; readonly durationMs: number }
  | { readonly ok: false; readonly error: unknown; readonly durationMs: number };

/**
 * What a tracing hook returns for one dispatch: metadata to propagate, and what to do at the end.
 *
 * @example
 * ```ts
 * tracing((dispatch): TraceSpan => {
 *   const span = tracer.startSpan(dispatch.message.type);
 *   return { metadata: { traceparent: traceparentOf(span) }, end: () => span.end() };
 * });
 * ```
 */
export interface TraceSpan {
  /**
   * Metadata added to the context (so to the events and messages the handler causes), such as
   * the W3C `traceparent` of the span just started.
   */
  readonly metadata?: EventMetadata;
  /** Called once when the dispatch resolves or rejects. */
  end(outcome: DispatchOutcome): void;
}

/**
 * Middleware that calls `start` for each dispatch (for logging, metrics or tracing: no OpenTelemetry
 * dependency), propagates the metadata the span returns, and reports the outcome and duration to
 * its `end`. Errors of the dispatch are reported and rethrown, never swallowed.
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
  // Promise callbacks rather than an async function: one promise less per dispatch.
  return (dispatch, next) => {
    let span: TraceSpan | undefined;
    let pending: Promise<unknown>;
    let began = 0;
    try {
      span = start(dispatch);
      if (span === undefined) return next(dispatch);
      began = now();
      pending = next(span.metadata === undefined ? dispatch : withMetadata(dispatch, span.metadata));
    } catch (error) {
      if (span === undefined) return Promise.reject(error);
      pending = Promise.reject(error);
    }
    const ended = span;
    return pending.then(
      (result) => {
        ended.end({ ok: true, result, durationMs: now() - began });
        return result;
      },
      (error: unknown) => {
        ended.end({ ok: false, error, durationMs: now() - began });
        throw error;
      },
    );
  };
}

/** The dispatch with `metadata` added to its context; the correlation and causation ids stay. */
function withMetadata(dispatch: Dispatch, metadata: EventMetadata): Dispatch {
  const { context } = dispatch;
  return {
    ...dispatch,
    context: {
      ...context,
      metadata: Object.freeze({
        ...context.metadata,
        ...metadata,
        correlationId: context.correlationId,
        causationId: context.messageId,
      }),
    },
  };
}
