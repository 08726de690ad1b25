import type { Tracer } from '@opentelemetry/api';
import type { Observer } from 'tactical-ddd';
import { openTelemetry } from 'tactical-ddd/opentelemetry';

/**
 * The library's OpenTelemetry observer on `tracer`: give it to the buses, the relay and the
 * consumers, and one trace spans the request, its commands, the relay, the broker and the saga.
 */
export function observerFor(tracer: Tracer): Observer {
  return openTelemetry({ tracerProvider: { getTracer: () => tracer } });
}
