import { headers, type MsgHdrs } from '@nats-io/transport-node';
import type { EventMetadata } from '../core/DomainEvent.js';

/**
 * The headers of a message: its type, and the correlation, causation and trace context of its
 * metadata, so that tooling sees them without reading the body (the body, the envelope, stays the
 * source of truth). `Nats-Msg-Id` is set by the publish itself.
 * @internal
 */
export function messageHeaders(type: string, metadata: EventMetadata): MsgHdrs {
  const h = headers();
  h.set('Content-Type', 'application/json');
  h.set('Tddd-Type', type);
  const { correlationId, causationId, traceparent, tracestate } = metadata;
  const optional: [string, unknown][] = [
    ['Correlation-Id', correlationId],
    ['Causation-Id', causationId],
    ['traceparent', traceparent],
    ['tracestate', tracestate],
  ];
  // A value a header line cannot carry (a line break, non-ASCII) stays in the body only.
  for (const [name, value] of optional) if (typeof value === 'string' && HEADER_VALUE.test(value)) h.set(name, value);
  return h;
}

const HEADER_VALUE = /^[\x20-\x7e]{0,4096}$/u;
