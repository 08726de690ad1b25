import type { Redis } from 'ioredis';
import type { DomainEvent } from '../core/DomainEvent.js';
import {
  type ConsumerFailure,
  checkDeliveryOptions,
  type DeliveryOptions,
  type DeliveryOutcome,
  errorMessage,
  handleDeliveries,
  handleDelivery,
} from '../cqrs/handleDelivery.js';
import { sleep } from '../cqrs/timers.js';
import { integerAtLeast, nonEmptyKey } from './RedisStreamPublisher.js';

/**
 * The options of a {@link RedisStreamConsumer}: the shared {@link "tactical-ddd/cqrs".DeliveryOptions | DeliveryOptions}
 * (consumer name, inbox, handler, decode, maxAttempts) plus the stream and its consumer group.
 *
 * @example
 * ```ts
 * const options: RedisStreamConsumerOptions<DomainEvent, SqlClient> = {
 *   redis,
 *   stream: 'orders',
 *   group: 'billing',
 *   consumer: 'billing',
 *   inbox: new PostgresInbox({ client }),
 *   handler: async (event, tx) => {},
 * };
 * ```
 */
export interface RedisStreamConsumerOptions<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown>
  extends DeliveryOptions<TEvent, TTransaction> {
  /** An `ioredis` client; the consumer duplicates it for its blocking reads and never closes it. */
  readonly redis: Redis;
  /** The stream key. */
  readonly stream: string;
  /** The consumer group (created if missing, with `MKSTREAM`). */
  readonly group: string;
  /** This process's name in the group (default `<consumer>-<random>`); give each instance its own. */
  readonly consumerName?: string;
  /** Where a new group starts: `'0'` (the stream's retained history, default) or `'$'` (new entries only). */
  readonly startFrom?: '0' | '$';
  /** How many entries one read fetches (default 50). */
  readonly batchSize?: number;
  /**
   * How many entries of a batch are handled at once (default 1: one at a time, in stream order);
   * with `inboxBatchSize` above 1, how many inbox transactions run at once.
   */
  readonly concurrency?: number;
  /**
   * How many entries of a read share one inbox transaction when the inbox has `handleBatch`
   * (default 20; 1: a transaction per entry). Each entry gets a savepoint of its own, so a failing
   * handler does not fail its neighbours, and the batch's entries are acknowledged after its commit.
   */
  readonly inboxBatchSize?: number;
  /** How long a read blocks waiting for entries (default 1000 ms; `stop` interrupts it). */
  readonly blockMs?: number;
  /** How long an entry this consumer failed on stays pending before its next attempt (default 1000 ms). */
  readonly retryDelayMs?: number;
  /**
   * How long an entry of another consumer of the group must be pending before this one claims it
   * (default 30,000 ms): the time after which a consumer that holds it is taken for crashed.
   */
  readonly claimIdleMs?: number;
  /** The stream of dead messages (default `<stream>:dead-letter`). */
  readonly deadLetterStream?: string;
  /** Receives each retry, dead letter and connection error. Default: `console.error`. */
  readonly onError?: (failure: ConsumerFailure) => void;
}

interface ConsoleLike {
  error(...data: unknown[]): void;
}

type StreamEntry = [id: string, fields: string[]];

/** An entry to handle, with which delivery this is (counting from 1). */
interface Item {
  readonly entry: StreamEntry;
  readonly attempts: number;
}

/**
 * Consumes events from a Redis stream in a consumer group and hands each to its handler through an
 * {@link "tactical-ddd".Inbox | Inbox}, acknowledging the entry (`XACK`) only after the handler and
 * its inbox row committed (one `XACK` for the entries of a read that committed). An entry whose handler failed stays pending and is claimed again after
 * `retryDelayMs`; an entry held by a consumer that crashed is claimed after `claimIdleMs` (pending
 * entry reclaim with `XPENDING`/`XCLAIM`). The attempt count is Redis's delivery count, so after
 * `maxAttempts` deliveries (at once for a message that is not a valid envelope) the entry is
 * copied to the dead-letter stream with its error (`envelope`, `error`, `errorName`, `attempts`,
 * `reason`, `consumer`, `sourceId`) and acknowledged, in one `MULTI`. Connection errors are
 * retried (`ioredis` reconnects).
 *
 * @example
 * ```ts
 * const consumer = new RedisStreamConsumer({
 *   redis: new Redis('redis://127.0.0.1:6379'),
 *   stream: 'orders',
 *   group: 'billing',
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
export class RedisStreamConsumer<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  private readonly options: RedisStreamConsumerOptions<TEvent, TTransaction>;
  private readonly redis: Redis;
  private readonly name: string;
  private readonly deadLetterStream: string;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly inboxBatchSize: number;
  private readonly blockMs: number;
  private readonly retryDelayMs: number;
  private readonly claimIdleMs: number;
  private readonly onError: (failure: ConsumerFailure) => void;
  private blocking: Redis | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private nextReclaim = 0;

  /**
   * @param options - The client, the stream and group, the inbox and the handler.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the option that is empty or not a valid number.
   */
  constructor(options: RedisStreamConsumerOptions<TEvent, TTransaction>) {
    const subject = 'RedisStreamConsumerOptions';
    checkDeliveryOptions(subject, options);
    nonEmptyKey(subject, 'stream', options.stream);
    nonEmptyKey(subject, 'group', options.group);
    this.options = options;
    this.redis = options.redis;
    this.name = nonEmptyKey(
      subject,
      'consumerName',
      options.consumerName ?? `${options.consumer}-${Math.random().toString(36).slice(2, 10)}`,
    );
    this.deadLetterStream = nonEmptyKey(
      subject,
      'deadLetterStream',
      options.deadLetterStream ?? `${options.stream}:dead-letter`,
    );
    this.batchSize = integerAtLeast(subject, 'batchSize', options.batchSize ?? 50, 1);
    this.concurrency = integerAtLeast(subject, 'concurrency', options.concurrency ?? 1, 1);
    this.inboxBatchSize = integerAtLeast(subject, 'inboxBatchSize', options.inboxBatchSize ?? 20, 1);
    this.blockMs = integerAtLeast(subject, 'blockMs', options.blockMs ?? 1000, 1);
    this.retryDelayMs = integerAtLeast(subject, 'retryDelayMs', options.retryDelayMs ?? 1000, 0);
    this.claimIdleMs = integerAtLeast(subject, 'claimIdleMs', options.claimIdleMs ?? 30_000, 1);
    this.onError =
      options.onError ??
      ((failure) =>
        (globalThis as unknown as { console: ConsoleLike }).console.error(
          `RedisStreamConsumer ${options.consumer}: ${failure.status}`,
          failure.event?.type ?? '',
          failure.event?.id ?? '',
          failure.error,
        ));
  }

  /**
   * Creates the consumer group if missing and starts reading in the background.
   *
   * @throws the client's error when Redis cannot be reached now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    await this.createGroup();
    this.running = true;
    this.blocking = this.redis.duplicate();
    // Its connection errors reach the read loop as rejected commands; ioredis reconnects.
    this.blocking.on('error', () => undefined);
    this.loop = this.run();
  }

  /** Stops reading, waits for the entries being handled (and their acks), and closes its blocking connection. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.blocking?.disconnect();
    await this.loop;
    this.blocking = undefined;
  }

  private async createGroup(): Promise<void> {
    try {
      const { stream, group, startFrom } = this.options;
      await this.redis.call('XGROUP', 'CREATE', stream, group, startFrom ?? '0', 'MKSTREAM');
    } catch (error) {
      if (!errorMessage(error).startsWith('BUSYGROUP')) throw error;
    }
  }

  private async run(): Promise<void> {
    const blocking = this.blocking as Redis;
    const { stream, group } = this.options;
    while (this.running) {
      try {
        if (Date.now() >= this.nextReclaim) {
          await this.reclaim();
          this.nextReclaim = Date.now() + Math.max(50, Math.min(this.retryDelayMs, this.claimIdleMs) / 2);
        }
        const reply = (await blocking.call(
          'XREADGROUP',
          'GROUP',
          group,
          this.name,
          'COUNT',
          this.batchSize,
          'BLOCK',
          Math.min(this.blockMs, Math.max(50, this.nextReclaim - Date.now())),
          'STREAMS',
          stream,
          '>',
        )) as [string, StreamEntry[]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        await this.handleAll(entries.map((entry) => ({ entry, attempts: 1 })));
      } catch (error) {
        if (!this.running) return;
        this.onError({ status: 'connection', error });
        if (errorMessage(error).startsWith('NOGROUP')) await this.createGroup().catch(() => undefined);
        await sleep(Math.min(this.blockMs, 1000));
      }
    }
  }

  /** Claims the pending entries this consumer failed on, and those of consumers that look crashed. */
  private async reclaim(): Promise<void> {
    const { stream, group } = this.options;
    const minIdle = Math.min(this.retryDelayMs, this.claimIdleMs);
    const pending = (await this.redis.call('XPENDING', stream, group, 'IDLE', minIdle, '-', '+', this.batchSize)) as [
      id: string,
      owner: string,
      idle: number,
      deliveries: number,
    ][];
    const claimed: Item[] = [];
    for (const [id, owner, idle, deliveries] of pending) {
      const threshold = owner === this.name ? this.retryDelayMs : this.claimIdleMs;
      if (idle < threshold) continue;
      const entries = (await this.redis.call(
        'XCLAIM',
        stream,
        group,
        this.name,
        threshold,
        id,
      )) as (StreamEntry | null)[];
      const entry = entries[0];
      if (entry === undefined) continue; // another consumer claimed it first
      if (entry === null) {
        // Trimmed away by MAXLEN before anyone handled it: nothing left to deliver.
        await this.redis.call('XACK', stream, group, id);
        continue;
      }
      claimed.push({ entry, attempts: deliveries + 1 });
    }
    await this.handleAll(claimed);
  }

  /**
   * Handles a read's entries in inbox transactions of up to `inboxBatchSize` entries (one per entry
   * when the inbox has no `handleBatch`), `concurrency` of them at a time, and acknowledges the
   * entries that committed (or were duplicates) with one `XACK` at the end, even when some failed.
   */
  private async handleAll(items: readonly Item[]): Promise<void> {
    const size = this.options.inbox.handleBatch === undefined ? 1 : this.inboxBatchSize;
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
    let next = 0;
    const done: string[] = [];
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as typeof items;
        const bodies = batch.map(({ entry }) => fieldOf(entry[1], 'envelope') ?? '');
        const outcomes =
          batch.length === 1
            ? [await handleDelivery(bodies[0] as string, (batch[0] as Item).attempts, this.options)]
            : await handleDeliveries(
                batch.map(({ attempts }, i) => ({ body: bodies[i] as string, attempts })),
                this.options,
              );
        for (const [i, { entry, attempts }] of batch.entries()) {
          const acknowledge = await this.settle(
            entry[0],
            bodies[i] as string,
            attempts,
            outcomes[i] as DeliveryOutcome,
          );
          if (acknowledge) done.push(entry[0]);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, batches.length) }, worker));
    } finally {
      if (done.length > 0) await this.redis.call('XACK', this.options.stream, this.options.group, ...done);
    }
  }

  /**
   * Acts on one entry's outcome; resolves `true` when it is to be acknowledged (handled, or a
   * duplicate). A failure is reported; a dead letter is copied and acknowledged at once.
   */
  private async settle(id: string, body: string, attempts: number, outcome: DeliveryOutcome): Promise<boolean> {
    const { stream, group, consumer } = this.options;
    if (outcome.status === 'handled' || outcome.status === 'duplicate') return true;
    this.onError({
      status: outcome.status,
      attempts,
      error: outcome.error,
      ...(outcome.event === undefined ? {} : { event: outcome.event }),
    });
    if (outcome.status === 'retry') return false; // stays pending: claimed again after retryDelayMs
    await this.redis
      .multi()
      .call(
        'XADD',
        this.deadLetterStream,
        '*',
        'envelope',
        body,
        'error',
        errorMessage(outcome.error),
        'errorName',
        outcome.error instanceof Error ? outcome.error.name : typeof outcome.error,
        'attempts',
        attempts,
        'reason',
        outcome.reason,
        'consumer',
        consumer,
        'sourceId',
        id,
        'deadLetteredAt',
        new Date().toISOString(),
      )
      .call('XACK', stream, group, id)
      .exec();
    return false; // acknowledged with its dead letter
  }
}

function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
