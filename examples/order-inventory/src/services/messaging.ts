import type { DomainEvent, Inbox, MessagePublisher, OutboxCommand } from 'tactical-ddd';
import type { Command, CommandBus, CommandDefinition } from 'tactical-ddd/cqrs';

/**
 * A command from the outbox put in the library's wire envelope (`messageEnvelopeSchema` of
 * `tactical-ddd/cqrs`), so that it travels to another service like an event: `type` is the
 * command type (the routing key), `aggregateId` the aggregate it targets, `aggregateVersion` 0, and
 * the metadata the correlation and causation ids and the trace context the session stamped on it.
 */
export function commandEnvelope(command: OutboxCommand, aggregateId: string, now: Date = new Date()): DomainEvent {
  return {
    id: command.id,
    type: command.type,
    schemaVersion: 1,
    aggregateId,
    aggregateVersion: 0,
    occurredAt: now.toISOString(),
    payload: command.payload,
    metadata: command.metadata,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: definitions of any payload and result.
type AnyCommandDefinition = CommandDefinition<string, any, any>;

/**
 * Turns a received envelope back into the command it carries, with its id and metadata, through
 * the command's definition (its zod schema validates the payload: a `ValidationError` otherwise).
 * Unknown types throw too, so the consumer dead-letters the message as undecodable.
 */
export function commandFromEnvelope(envelope: DomainEvent, definitions: readonly AnyCommandDefinition[]): Command {
  const definition = definitions.find((d) => d.type === envelope.type);
  if (definition === undefined) {
    throw new Error(`${envelope.type} is not a command this service accepts`);
  }
  const { type, id, payload, metadata } = envelope;
  return definition.parse({ type, id, payload, metadata });
}

/** A command another service handles, and the aggregate it targets (the envelope's `aggregateId`). */
export interface RemoteCommand {
  readonly type: string;
  readonly target: (payload: never) => string;
}

/**
 * How a service's relay delivers the commands its sessions sent (the process manager's, the
 * policy's): those another service handles go to the broker as envelopes, the others to the
 * service's own command bus.
 */
export function commandRoute(
  local: Pick<CommandBus, 'dispatch'>,
  broker: MessagePublisher,
  remote: readonly RemoteCommand[],
): (command: OutboxCommand) => Promise<unknown> {
  const targets = new Map(remote.map((command) => [command.type, command.target]));
  return (command) => {
    const target = targets.get(command.type);
    return target === undefined
      ? local.dispatch(command)
      : broker.publish(commandEnvelope(command, target(command.payload as never)));
  };
}

/**
 * What a service's relay publishes events to: its own bus first (its projection, process manager
 * and policies), then the broker. A failure retries the whole message: in-process subscribers see
 * it again and skip it (the projection by its inbox, the process manager by event id).
 */
export class FanOutPublisher implements MessagePublisher {
  constructor(
    private readonly local: MessagePublisher,
    private readonly broker: MessagePublisher,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    await this.local.publish(event);
    await this.broker.publish(event);
  }

  /** The same for a batch: each event to the bus in order, then the batch to the broker in one go. */
  async publishBatch(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) await this.local.publish(event);
    if (this.broker.publishBatch !== undefined) await this.broker.publishBatch(events);
    else for (const event of events) await this.broker.publish(event);
  }
}

/** Inbox counts, shown by a service's `GET /health`. */
export interface InboxStats {
  handled: number;
  duplicates: number;
}

/** Wraps an inbox to count what it handled and what it dropped as a duplicate (a redelivery). */
export function countingInbox<TTransaction>(inner: Inbox<TTransaction>, stats: InboxStats): Inbox<TTransaction> {
  return {
    async handleOnce(consumer, messageId, handler) {
      const ran = await inner.handleOnce(consumer, messageId, handler);
      if (ran) stats.handled += 1;
      else stats.duplicates += 1;
      return ran;
    },
  };
}
