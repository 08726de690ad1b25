/**
 * OpenTelemetry instrumentation on `@opentelemetry/api` (an optional peer dependency): one
 * {@link openTelemetry} call makes the observer that traces and measures the buses, session
 * commits, the outbox relay, process managers and broker consumers, with W3C trace context carried
 * in event and message metadata, so one trace spans a request and everything it causes.
 *
 * @example
 * ```ts
 * import { openTelemetry } from 'tactical-ddd/opentelemetry';
 *
 * const observer = openTelemetry();
 * const commandBus = new CommandBus({ observer });
 * ```
 *
 * @module tactical-ddd/opentelemetry
 */
export { type OpenTelemetryOptions, openTelemetry } from './openTelemetry.js';
export { traceContextOf, traceMetadata } from './traceContext.js';
