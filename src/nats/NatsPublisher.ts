import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import type { OutboxCommand } from '../core/Outbox.js';
import { partitionOf } from '../core/partitionOf.js';
import { encodeMessage } from '../cqrs/messageEnvelope.js';
import { messageHeaders } from './natsHeaders.js';
import { eventSubject, natsName, subjectTokens } from './natsNames.js';
import { integerBetween } from './natsOptions.js';
import { ensureStream, type StreamPlace } from './natsStream.js';

/**
 * The options of a {@link NatsPublisher}.
 *
 * @example
 * ```ts
 * const options: NatsPublisherOptions = { connection: await connect({ servers: '127.0.0.1:4222' }), stream: 'orders', partitions: 8 };
 * ```
 */
export interface NatsPublisherOptions {
  /** A connection of `@nats-io/transport-node` (the publisher neither opens nor closes it). */
  readonly connection: NatsConnection;
  /** The JetStream stream (created if missing, holding `<subjectPrefix>.>`). */
  readonly stream: string;
  /** The subjects' first tokens (default: the stream name). */
  readonly subjectPrefix?: string;
  /**
   * How many partitions the events are spread over (default 1); the consumers must use the same
   * number. An event's partition is `partitionOf(partitionKey(event), partitions)`.
   */
  readonly partitions?: number;
  /** The partition key of an event (default: its aggregate id), so one aggregate's events stay in order. */
  readonly partitionKey?: (event: DomainEvent) => string;
  /** JetStream's duplicate window when this creates the stream (default 120,000 ms). */
  readonly duplicateWindowMs?: number;
}

/**
 * A {@link "tactical-ddd".MessagePublisher | MessagePublisher} for NATS JetStream: each event is
 * published to `<subjectPrefix>.<partition>.<event type>` with the JSON envelope as body and
 * `Nats-Msg-Id` = the event id, so JetStream drops a re-send within the stream's duplicate window
 * (a relay that crashed between publish and marking the row); the consumers' inbox drops any
 * later one. `publish` resolves once JetStream acknowledged the message as stored, `publishBatch`
 * once it acknowledged every message of the batch (sent together, one wait), so an `OutboxRelay`
 * marks outbox rows published only then. `send` puts an outbox command on
 * `<subjectPrefix>.commands.<command type>` (body: the command as JSON, `Nats-Msg-Id` = its id).
 * Headers carry the type, correlation and causation ids and trace context (`traceparent`,
 * `tracestate`). A lost connection rejects the pending publishes (the relay retries them); the
 * client reconnects by itself.
 *
 * @example
 * ```ts
 * const connection = await connect({ servers: '127.0.0.1:4222' });
 * const relay = new OutboxRelay({ outbox, publisher: new NatsPublisher({ connection, stream: 'orders', partitions: 8 }) });
 * relay.start();
 * ```
 */
export class NatsPublisher implements MessagePublisher {
  private readonly connection: NatsConnection;
  private readonly place: StreamPlace;
  private readonly partitions: number;
  private readonly partitionKey: (event: DomainEvent) => string;
  private client: Promise<JetStreamClient> | undefined;

  /**
   * @param options - The connection, the stream, its subjects and partitions.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the option that is not a valid name or number.
   */
  constructor(options: NatsPublisherOptions) {
    const subject = 'NatsPublisherOptions';
    const stream = natsName(subject, 'stream', options.stream);
    this.connection = options.connection;
    this.place = {
      stream,
      subjectPrefix: subjectTokens(subject, 'subjectPrefix', options.subjectPrefix ?? stream),
      duplicateWindowMs: integerBetween(subject, 'duplicateWindowMs', options.duplicateWindowMs ?? 120_000, 1),
    };
    this.partitions = integerBetween(subject, 'partitions', options.partitions ?? 1, 1, 65_536);
    this.partitionKey = options.partitionKey ?? ((event) => event.aggregateId);
  }

  /**
   * Publishes one event and waits for JetStream's acknowledgement.
   *
   * @param event - The event.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when its type is not a valid subject or it is not JSON-safe;
   * the client's error when JetStream did not store it.
   */
  async publish(event: DomainEvent): Promise<void> {
    const message = this.message(event);
    await (await this.jetstream()).publish(message.subject, message.body, message.options);
  }

  /**
   * Publishes several events, in order, on one connection, and waits for all of JetStream's
   * acknowledgements at once: what an `OutboxRelay` uses for each claimed batch.
   *
   * @param events - The events, in order.
   * @throws the first error when JetStream did not store every event (those stored stay: a re-send is dropped as a duplicate).
   * @example
   * ```ts
   * await publisher.publishBatch([orderPlaced, orderPaid]); // both stored
   * ```
   */
  async publishBatch(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages = events.map((event) => this.message(event));
    const js = await this.jetstream();
    const acks: Promise<PubAck>[] = messages.map((m) => js.publish(m.subject, m.body, m.options));
    const results = await Promise.allSettled(acks);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  /**
   * Sends an outbox command to `<subjectPrefix>.commands.<command type>` and waits for JetStream's
   * acknowledgement.
   *
   * @param command - The command.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when its type is not a valid subject or it is not JSON-safe;
   * the client's error when JetStream did not store it.
   * @example
   * ```ts
   * await publisher.send({ type: 'ShipOrder', id: commandId, payload: { orderId }, metadata: {} });
   * ```
   */
  async send(command: OutboxCommand): Promise<void> {
    const type = subjectTokens('NatsPublisher', 'type', command.type);
    const body = encodeMessage(command);
    const options = { msgID: command.id, headers: messageHeaders(type, command.metadata) };
    await (await this.jetstream()).publish(`${this.place.subjectPrefix}.commands.${type}`, body, options);
  }

  private message(event: DomainEvent) {
    const type = subjectTokens('NatsPublisher', 'type', event.type);
    const partition = partitionOf(this.partitionKey(event), this.partitions);
    return {
      subject: eventSubject(this.place.subjectPrefix, partition, type),
      body: encodeMessage(event),
      options: { msgID: event.id, headers: messageHeaders(type, event.metadata) },
    };
  }

  /** The JetStream client, once the stream is known to exist (checked again after a failure). */
  private jetstream(): Promise<JetStreamClient> {
    if (this.client !== undefined) return this.client;
    const client = ensureStream(this.connection, this.place).then((jsm) => jsm.jetstream());
    this.client = client;
    client.catch(() => {
      if (this.client === client) this.client = undefined;
    });
    return client;
  }
}
