// #region broker
import type { DomainEvent, MessagePublisher } from 'tactical-ddd';

/** A message as a broker carries it: a routing key, an id, headers and a JSON body. */
export interface BrokerMessage {
  readonly routingKey: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The shape of every broker adapter: turn the event into the broker's message and send it; throw
 * when the broker did not take it, and the relay retries later. A Map of queues stands in for the
 * broker's client here.
 */
export class InMemoryBrokerPublisher implements MessagePublisher {
  readonly queues = new Map<string, BrokerMessage[]>();

  async publish(event: DomainEvent): Promise<void> {
    const message: BrokerMessage = {
      routingKey: event.type, // a topic per event type
      messageId: event.id, // consumers drop duplicates by it: delivery is at least once
      headers: {
        correlationId: event.metadata.correlationId ?? event.id,
        ...(typeof event.metadata.traceparent === 'string' ? { traceparent: event.metadata.traceparent } : {}),
      },
      body: JSON.stringify(event),
    };
    const queue = this.queues.get(message.routingKey) ?? [];
    queue.push(message);
    this.queues.set(message.routingKey, queue);
  }
}

// #endregion broker

// #region tracing
import type { EventMetadata } from 'tactical-ddd';
import { type Middleware, tracing } from 'tactical-ddd/cqrs';

/** The little the middleware needs from a span; an OpenTelemetry span has all of it. */
export interface SpanPort {
  setAttribute(key: string, value: string | number): void;
  fail(error: unknown): void;
  end(): void;
}

/** The little it needs from a tracer: start a span under a W3C parent, and tell a span's traceparent. */
export interface TracerPort {
  startSpan(name: string, parent: string | undefined): SpanPort;
  traceparentOf(span: SpanPort): string;
}

/** Command and query bus middleware: one span per dispatch, its trace context on every event caused. */
export function openTelemetryTracing(tracer: TracerPort): Middleware {
  return tracing((dispatch) => {
    const parent = traceparentIn(dispatch.context.metadata); // from the event or request that caused it
    const span = tracer.startSpan(`${dispatch.kind} ${dispatch.message.type}`, parent);
    span.setAttribute('messaging.message.id', dispatch.context.messageId);
    span.setAttribute('app.correlation_id', dispatch.context.correlationId);
    return {
      metadata: { traceparent: tracer.traceparentOf(span) }, // stamped on the events the handler stores
      end: (outcome) => {
        span.setAttribute('app.duration_ms', outcome.durationMs);
        if (!outcome.ok) span.fail(outcome.error);
        span.end();
      },
    };
  });
}

export const traceparentIn = (metadata: EventMetadata): string | undefined =>
  typeof metadata.traceparent === 'string' ? metadata.traceparent : undefined;

// #endregion tracing

// #region inbox
import { type ClosableSqlClient, migrate, openPGlite, PostgresInbox } from 'tactical-ddd/postgres';

export async function openBilling(): Promise<{ client: ClosableSqlClient; inbox: PostgresInbox }> {
  const client = await openPGlite();
  await migrate(client, { schema: 'billing' });
  await client.query('CREATE TABLE billing.invoices (order_id text PRIMARY KEY, total text NOT NULL)');
  return { client, inbox: new PostgresInbox({ client, schema: 'billing' }) };
}

/** A consumer that may see the same message twice: the inbox makes the second time a no-op. */
export function invoiceOnce(inbox: PostgresInbox, event: DomainEvent<'OrderPlaced', { total: string }>) {
  return inbox.handleOnce('billing', event.id, async (tx) => {
    // Recorded in the same transaction as this write: both happen, or neither does.
    await tx.query('INSERT INTO billing.invoices (order_id, total) VALUES ($1, $2)', [
      event.aggregateId,
      event.payload.total,
    ]);
  });
}
// #endregion inbox
