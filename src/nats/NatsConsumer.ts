import {
  AckPolicy,
  type Consumer,
  type ConsumerConfig,
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamClient,
  JetStreamError,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers, type NatsConnection, nanos } from '@nats-io/transport-node';
import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import {
  type ConsumerFailure,
  checkDeliveryOptions,
  consumerHook,
  type DeliveryOptions,
  type DeliveryOutcome,
  errorMessage,
  handleDelivery,
} from '../cqrs/handleDelivery.js';
import { clearTimer, setTimer, sleep } from '../cqrs/timers.js';
import { natsName, partitionFilter, subjectTokens } from './natsNames.js';
import { integerBetween } from './natsOptions.js';
import { ensureStream, type StreamPlace } from './natsStream.js';
import { PartitionMembers } from './PartitionMembers.js';

/**
 * The options of a {@link NatsConsumer}: the shared {@link "tactical-ddd/cqrs".DeliveryOptions | DeliveryOptions}
 * (consumer name, inbox, handler, decode, maxAttempts) plus the stream, the partitions and the
 * group's timing.
 *
 * @example
 * ```ts
 * const options: NatsConsumerOptions<DomainEvent, SqlClient> = {
 *   connection,
 *   stream: 'orders',
 *   durable: 'billing',
 *   partitions: 8,
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   handler: async (event, tx) => {},
 * };
 * ```
 */
export interface NatsConsumerOptions<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown>
  extends DeliveryOptions<TEvent, TTransaction> {
  /** A connection of `@nats-io/transport-node` (the consumer neither opens nor closes it). */
  readonly connection: NatsConnection;
  /** The JetStream stream (created if missing, holding `<subjectPrefix>.>`). */
  readonly stream: string;
  /** The subjects' first tokens (default: the stream name), as the publisher's. */
  readonly subjectPrefix?: string;
  /**
   * The group's name: partition `p` is read through the durable pull consumer `<durable>-<p>`
   * (created if missing). Every process of the group uses the same name.
   */
  readonly durable: string;
  /**
   * The event types to handle (default: all). Messages of other types are acknowledged without
   * reaching the inbox or the handler (one stream carries every type; a JetStream consumer of
   * nats-server 2.9 filters on one subject only).
   */
  readonly eventTypes?: readonly string[];
  /** How many partitions the publisher spreads events over (default 1): the same number as its. */
  readonly partitions?: number;
  /** This process's name in the group (default `<consumer>-<random>`); give each instance its own. */
  readonly memberName?: string;
  /**
   * How long JetStream waits for the ack of a message in hand before it delivers it again
   * (default 30,000 ms): after a process died, its partitions' messages in hand come back after
   * this long. A slow handler does not hit it: the consumer tells JetStream it is still working.
   */
  readonly ackWaitMs?: number;
  /**
   * How long a failed message waits before its next delivery, by the attempts so far (default
   * 1,000 ms doubling per attempt, at most 60,000 ms). Its partition waits with it, in order.
   */
  readonly retryDelayMs?: number | ((attempts: number) => number);
  /** Where dead messages go (default `<subjectPrefix>.dead-letter.<durable>`, kept in the stream). */
  readonly deadLetterSubject?: string;
  /** How often a process tells the group it is alive (default 1,000 ms). */
  readonly heartbeatMs?: number;
  /** After how long without a heartbeat a process is taken for dead and its partitions move (default 5,000 ms). */
  readonly memberTimeoutMs?: number;
  /** How long to wait after a failed pull before the next one (default 1,000 ms). */
  readonly reconnectDelayMs?: number;
  /**
   * Receives each retry, dead letter and connection error. Default: `console.error`. A hook that
   * throws (or rejects) is reported to `console.error` and the consumer keeps running.
   */
  readonly onError?: (failure: ConsumerFailure) => void;
}

const CONSUMER_NOT_FOUND = 10014;
/** How long a pull request waits for messages (the client's minimum). */
const PULL_EXPIRES_MS = 1000;
/** How many messages one pull request takes at most, one after the other. */
const PULL_BATCH = 100;

/**
 * Consumes events from a NATS JetStream stream, partitioned and in order: the publisher puts each
 * event on `<subjectPrefix>.<partition>.<type>` (the partition of its aggregate id), and each
 * partition is read through a durable pull consumer of its own with one message in hand at a time
 * (`max_ack_pending: 1`), so an aggregate's events are handled in stream order by one process at a
 * time. The processes of a group (same `durable`) share the partitions: they learn of each other
 * by heartbeats on core NATS and split the partitions evenly; when one stops or goes silent for
 * `memberTimeoutMs`, its partitions move to the others (its message in hand comes back after
 * `ackWaitMs`).
 *
 * Each message is handled through the {@link "tactical-ddd".Inbox | Inbox} and acknowledged only
 * after the handler and its inbox row committed: a redelivered message (a relay that published
 * twice past JetStream's duplicate window, a process that died before its ack) is dropped by the
 * inbox. A failing handler is delivered again after `retryDelayMs` (a negative ack with a delay;
 * the attempt count is JetStream's delivery count); after `maxAttempts`, and at once for a message
 * that is not a valid envelope, the message is published to the dead-letter subject with its body,
 * its headers and the error (`Tddd-Error`, `Tddd-Error-Name`, `Tddd-Attempts`,
 * `Tddd-Dead-Letter-Reason`, `Tddd-Consumer`, `Tddd-Original-Subject`, `Tddd-Original-Sequence`),
 * then acknowledged. The client reconnects by itself after a lost connection; pulls are retried.
 *
 * @example
 * ```ts
 * const consumer = new NatsConsumer({
 *   connection: await connect({ servers: '127.0.0.1:4222' }),
 *   stream: 'orders',
 *   durable: 'billing',
 *   partitions: 8,
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   handler: async (event, tx) => {
 *     await tx.query('INSERT INTO invoices (order_id) VALUES ($1)', [event.aggregateId]);
 *   },
 * });
 * await consumer.start();
 * // … on shutdown:
 * await consumer.stop();
 * ```
 */
export class NatsConsumer<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  private readonly options: NatsConsumerOptions<TEvent, TTransaction>;
  private readonly place: StreamPlace;
  private readonly durable: string;
  private readonly partitions: number;
  private readonly ackWaitMs: number;
  private readonly retryDelayMs: (attempts: number) => number;
  private readonly deadLetterSubject: string;
  private readonly reconnectDelayMs: number;
  private readonly onError: (failure: ConsumerFailure) => void;
  private readonly eventTypes: ReadonlySet<string> | undefined;
  private readonly members: PartitionMembers;
  private readonly loops = new Map<number, Promise<void>>();
  private owned = new Set<number>();
  private jsm: JetStreamManager | undefined;
  private js: JetStreamClient | undefined;
  private running = false;

  /**
   * @param options - The connection, the stream and partitions, the inbox and the handler.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the option that is not a valid name or number.
   */
  constructor(options: NatsConsumerOptions<TEvent, TTransaction>) {
    const subject = 'NatsConsumerOptions';
    checkDeliveryOptions(subject, options);
    const stream = natsName(subject, 'stream', options.stream);
    this.options = options;
    this.place = {
      stream,
      subjectPrefix: subjectTokens(subject, 'subjectPrefix', options.subjectPrefix ?? stream),
      duplicateWindowMs: 120_000,
    };
    this.durable = natsName(subject, 'durable', options.durable);
    // `<durable>-<partition>` must stay a valid name too.
    natsName(subject, 'durable', `${this.durable}-65535`);
    this.partitions = integerBetween(subject, 'partitions', options.partitions ?? 1, 1, 65_536);
    this.ackWaitMs = integerBetween(subject, 'ackWaitMs', options.ackWaitMs ?? 30_000, 1000);
    const retry = options.retryDelayMs ?? ((attempts: number) => Math.min(60_000, 1000 * 2 ** (attempts - 1)));
    if (typeof retry === 'number') integerBetween(subject, 'retryDelayMs', retry, 0);
    this.retryDelayMs = typeof retry === 'number' ? () => retry : retry;
    this.deadLetterSubject = subjectTokens(
      subject,
      'deadLetterSubject',
      options.deadLetterSubject ?? `${this.place.subjectPrefix}.dead-letter.${this.durable}`,
    );
    this.eventTypes =
      options.eventTypes === undefined
        ? undefined
        : new Set(options.eventTypes.map((type) => subjectTokens(subject, 'eventTypes', type)));
    this.reconnectDelayMs = integerBetween(subject, 'reconnectDelayMs', options.reconnectDelayMs ?? 1000, 1);
    const heartbeatMs = integerBetween(subject, 'heartbeatMs', options.heartbeatMs ?? 1000, 10);
    const memberTimeoutMs = integerBetween(
      subject,
      'memberTimeoutMs',
      options.memberTimeoutMs ?? 5000,
      heartbeatMs * 2,
    );
    const memberName = natsName(
      subject,
      'memberName',
      options.memberName ??
        `${options.consumer}-${Math.random().toString(36).slice(2, 10)}`.replace(/[\s.*>/\\]/gu, '_'),
    );
    this.onError = consumerHook('NatsConsumer', options.consumer, options.onError);
    this.members = new PartitionMembers(
      options.connection,
      `tddd.members.${stream}.${this.durable}`,
      memberName,
      heartbeatMs,
      memberTimeoutMs,
      () => this.rebalance(),
    );
  }

  /** This process's name in the group. */
  get memberName(): string {
    return this.members.me;
  }

  /** The partitions this process reads now (they move when processes join or leave). */
  get partitionsOwned(): readonly number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /**
   * Creates the stream and the partitions' durable consumers if missing, joins the group, and
   * starts reading the partitions it owns in the background.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`partitions_changed`) when a
   * partition's durable consumer exists with another filter (the partition count changed);
   * the client's error when JetStream cannot be reached now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const jsm = await ensureStream(this.options.connection, this.place);
    for (let p = 0; p < this.partitions; p++) await this.ensureConsumer(jsm, p);
    this.jsm = jsm;
    this.js = jsm.jetstream();
    this.running = true;
    await this.members.start();
    this.rebalance();
  }

  /** Leaves the group (the others take its partitions over), and waits for the messages in hand and their acks. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.members.stop();
    this.owned = new Set();
    while (this.loops.size > 0) await Promise.allSettled([...this.loops.values()]);
  }

  private async ensureConsumer(jsm: JetStreamManager, partition: number): Promise<void> {
    const name = `${this.durable}-${partition}`;
    const filter = partitionFilter(this.place.subjectPrefix, partition);
    const description = `tactical-ddd partition ${partition} of ${this.partitions}`;
    const config: Partial<ConsumerConfig> = {
      durable_name: name,
      description,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      max_ack_pending: 1,
      ack_wait: nanos(this.ackWaitMs),
      max_deliver: -1,
    };
    try {
      const info = await jsm.consumers.info(this.place.stream, name);
      if (info.config.filter_subject !== filter || info.config.description !== description) {
        throw ValidationError.of(
          'NatsConsumer',
          'partitions',
          'partitions_changed',
          `consumer ${name} is "${info.config.description ?? ''}" reading ${info.config.filter_subject ?? 'everything'}, not ${description} reading ${filter}: the partition count changed`,
        );
      }
      if (info.config.max_ack_pending !== 1 || info.config.ack_wait !== config.ack_wait) {
        await jsm.consumers.update(this.place.stream, name, { max_ack_pending: 1, ack_wait: nanos(this.ackWaitMs) });
      }
    } catch (error) {
      if (!(error instanceof JetStreamApiError) || error.code !== CONSUMER_NOT_FOUND) throw error;
      await jsm.consumers.add(this.place.stream, config);
    }
  }

  /** Starts reading the partitions this process owns now; the others' loops end after their pull. */
  private rebalance(): void {
    if (!this.running) return;
    this.owned = new Set(this.members.owned(this.partitions));
    for (const partition of this.owned) {
      if (this.loops.has(partition)) continue;
      const loop = this.read(partition).finally(() => {
        this.loops.delete(partition);
        // Owned again while it was winding down: read on (not on a connection closed for good).
        if (this.reading(partition)) this.rebalance();
      });
      this.loops.set(partition, loop);
    }
  }

  private async read(partition: number): Promise<void> {
    let consumer: Consumer | undefined;
    const connection = this.options.connection;
    while (this.reading(partition)) {
      try {
        consumer ??= await (this.js as JetStreamClient).consumers.get(
          this.place.stream,
          `${this.durable}-${partition}`,
        );
        // One pull request of up to PULL_BATCH messages, each sent as soon as the previous one's ack
        // lands (max_ack_pending: 1). It is always read to its end, so no request is left behind
        // at the server to swallow a message after this process let the partition go.
        const messages = await consumer.fetch({ max_messages: PULL_BATCH, expires: PULL_EXPIRES_MS });
        for await (const message of messages) await this.process(message);
      } catch (error) {
        if (!this.running || connection.isClosed()) return;
        // A pull that waited while a slow handler held the partition's one message ends this way
        // (nats-server sends no heartbeat then): the message was handled; pull again.
        if (error instanceof JetStreamError && error.message.includes('heartbeats missed')) continue;
        this.onError({ status: 'connection', error });
        if (error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND && this.jsm !== undefined) {
          await this.ensureConsumer(this.jsm, partition).catch(() => undefined);
        }
        consumer = undefined;
        await sleep(this.reconnectDelayMs);
      }
    }
  }

  /** Whether this process should go on reading `partition`. */
  private reading(partition: number): boolean {
    return this.running && this.owned.has(partition) && !this.options.connection.isClosed();
  }

  private async process(message: JsMsg): Promise<void> {
    // `<prefix>.<partition>.<type>`: what follows the prefix and the partition token.
    const rest = message.subject.slice(this.place.subjectPrefix.length + 1);
    if (this.eventTypes !== undefined && !this.eventTypes.has(rest.slice(rest.indexOf('.') + 1))) {
      message.ack(); // a type this consumer does not handle
      return;
    }
    const attempts = message.info.deliveryCount;
    // A long handler keeps its message: JetStream would deliver it again after ackWaitMs.
    let working: unknown;
    const keepWorking = (): void => {
      working = setTimer(
        () => {
          message.working();
          keepWorking();
        },
        Math.floor(this.ackWaitMs / 3),
      );
    };
    keepWorking();
    let outcome: DeliveryOutcome;
    try {
      outcome = await handleDelivery(message.data, attempts, this.options);
    } finally {
      clearTimer(working);
    }
    if (outcome.status === 'handled' || outcome.status === 'duplicate') {
      message.ack();
      return;
    }
    this.onError({
      status: outcome.status,
      attempts,
      error: outcome.error,
      ...(outcome.event === undefined ? {} : { event: outcome.event }),
    });
    if (outcome.status === 'retry') {
      message.nak(Math.max(0, this.retryDelayMs(attempts)));
      return;
    }
    const h = headers();
    for (const [key, values] of message.headers ?? []) {
      if (key !== 'Nats-Msg-Id') for (const value of values) h.append(key, value);
    }
    h.set('Tddd-Error', headerText(errorMessage(outcome.error)));
    h.set('Tddd-Error-Name', headerText(outcome.error instanceof Error ? outcome.error.name : typeof outcome.error));
    h.set('Tddd-Attempts', String(attempts));
    h.set('Tddd-Dead-Letter-Reason', outcome.reason);
    h.set('Tddd-Consumer', headerText(this.options.consumer));
    h.set('Tddd-Original-Subject', message.subject);
    h.set('Tddd-Original-Sequence', String(message.seq));
    h.set('Tddd-Dead-Lettered-At', new Date().toISOString());
    // Dead-lettered again after a crash before the ack: JetStream drops the copy by its id.
    await (this.js as JetStreamClient).publish(this.deadLetterSubject, message.data, {
      msgID: `${this.durable}:${message.seq}`,
      headers: h,
    });
    message.ack();
  }
}

/** A text as a header value: printable ASCII, at most 1,024 characters. */
function headerText(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, '?').slice(0, 1024);
}
