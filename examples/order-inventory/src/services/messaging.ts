import type { DomainEvent, EventMetadata, Inbox, MessagePublisher, Outbox } from 'tactical-ddd';
import type { Command, CommandDefinition, CommandSender, DispatchOptions } from 'tactical-ddd/cqrs';
import { messageFrom } from '../shared/messageFrom.js';

/**
 * A command put in the library's wire envelope (`messageEnvelopeSchema` of `tactical-ddd/cqrs`),
 * so it travels like an event: through the sender's outbox and relay to the broker, and through
 * the receiver's inbox. `type` is the command type (the routing key), `aggregateId` the aggregate
 * it targets, `aggregateVersion` 0, and the metadata carries the correlation and causation ids
 * and the trace context of what caused it. (No marker in the metadata: metadata propagates to
 * what a message causes, so a marker would leak into the receiver's events. The type says it.)
 */
export function commandEnvelope(
  command: Command,
  aggregateId: string,
  options: DispatchOptions = {},
  now: Date = new Date(),
): DomainEvent {
  const cause = options.causedBy;
  let inherited: EventMetadata = {};
  let correlationId = command.metadata.correlationId;
  let causationId = command.metadata.causationId;
  if (cause !== undefined) {
    inherited = cause.metadata;
    if ('messageId' in cause) {
      correlationId = cause.correlationId;
      causationId = cause.messageId;
    } else {
      correlationId = cause.metadata.correlationId ?? cause.id;
      causationId = cause.id;
    }
  }
  const metadata: EventMetadata = {
    ...inherited,
    ...command.metadata,
    ...options.metadata,
    correlationId: options.metadata?.correlationId ?? correlationId ?? command.id,
    ...(causationId === undefined ? {} : { causationId: options.metadata?.causationId ?? causationId }),
  };
  return {
    id: command.id,
    type: command.type,
    schemaVersion: 1,
    aggregateId,
    aggregateVersion: 0,
    occurredAt: now.toISOString(),
    payload: command.payload,
    metadata,
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
  return messageFrom(definition, envelope.payload, { id: envelope.id, metadata: envelope.metadata });
}

/** A command another service handles, and the aggregate it targets (the envelope's `aggregateId`). */
export interface RemoteCommand {
  readonly type: string;
  readonly target: (payload: never) => string;
}

/**
 * The `CommandSender` of a service's process manager and policies: commands the service handles
 * go to its own bus; commands another service handles are added to the outbox as envelopes (in a
 * transaction of their own), so the relay publishes them to the broker at least once. A remote
 * command resolves to `undefined` once it is in the outbox: its outcome comes back as events.
 */
export class OutboxCommandSender implements CommandSender {
  private readonly remote: ReadonlyMap<string, RemoteCommand>;
  /** The types of the commands it sends to other services. */
  readonly remoteTypes: ReadonlySet<string>;

  constructor(
    private readonly local: CommandSender,
    private readonly outbox: Outbox,
    remote: readonly RemoteCommand[],
  ) {
    this.remote = new Map(remote.map((command) => [command.type, command]));
    this.remoteTypes = new Set(this.remote.keys());
  }

  async dispatch<TResult>(command: Command<string, unknown, TResult>, options?: DispatchOptions): Promise<TResult> {
    const remote = this.remote.get(command.type);
    if (remote === undefined) return this.local.dispatch(command, options);
    await this.outbox.add([commandEnvelope(command, remote.target(command.payload as never), options)]);
    return undefined as TResult;
  }
}

/**
 * What a service's relay publishes to: events to its own bus first (its projection, process
 * manager and policies), then everything to the broker. Commands for other services skip the bus.
 * A failure retries the whole message: in-process subscribers see it again and skip it (the
 * projection by version, the process manager by event id).
 */
export class FanOutPublisher implements MessagePublisher {
  constructor(
    private readonly local: MessagePublisher,
    private readonly broker: MessagePublisher,
    private readonly commandTypes: ReadonlySet<string>,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    if (!this.commandTypes.has(event.type)) await this.local.publish(event);
    await this.broker.publish(event);
  }

  /** The same for a batch: each event to the bus in order, then the batch to the broker in one go. */
  async publishBatch(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) if (!this.commandTypes.has(event.type)) await this.local.publish(event);
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
