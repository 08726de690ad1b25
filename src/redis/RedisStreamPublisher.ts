import type { Redis } from 'ioredis';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import { ValidationError } from '../core/ValidationError.js';
import { encodeMessage } from '../cqrs/messageEnvelope.js';
import { type PartitioningOptions, partitioner } from '../cqrs/partitioner.js';
import { TRIM_AND_APPEND } from './trimAndAppend.js';

/**
 * The options of a {@link RedisStreamPublisher}.
 *
 * @example
 * ```ts
 * const options: RedisStreamPublisherOptions = { redis: new Redis('redis://127.0.0.1:6379'), stream: 'orders', maxLength: 1_000_000 };
 * ```
 */
export interface RedisStreamPublisherOptions extends PartitioningOptions {
  /** An `ioredis` client (the publisher neither opens nor closes it). */
  readonly redis: Redis;
  /** The stream key, or a function of the event (one stream per event type, per bounded context…). */
  readonly stream: string | ((event: DomainEvent) => string);
  /**
   * The stream's maximum length (default 1,000,000): the oldest entries beyond it are trimmed, but
   * only once every consumer group of the stream has acknowledged them. An entry a group has not
   * acknowledged is never trimmed, so the stream grows past `maxLength` while a consumer is down
   * (size Redis's memory for the longest outage); a stream without a consumer group is trimmed to
   * `maxLength`.
   */
  readonly maxLength?: number;
}

/** The stream of one partition of a partitioned stream: `<stream>:<partition>`. @internal */
export const partitionStream = (stream: string, partition: number): string => `${stream}:${partition}`;

/**
 * Records a partitioned stream's partition count in `<stream>:partitions` (the first publisher or
 * consumer to come sets it), and refuses another count: publishers and consumers of one stream
 * must agree, or a partition's events would be written where no consumer reads them.
 *
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (field `partitions`, rule
 *   `partitions_changed`) when the stream was set up with another count.
 * @internal
 */
export async function checkPartitionCount(
  redis: Redis,
  subject: string,
  stream: string,
  partitions: number,
): Promise<void> {
  const key = `${stream}:partitions`;
  await redis.call('SET', key, String(partitions), 'NX');
  const recorded = await redis.call('GET', key);
  if (recorded === String(partitions)) return;
  throw ValidationError.of(
    subject,
    'partitions',
    'partitions_changed',
    `stream ${stream} has ${String(recorded)} partitions (${key}), not ${partitions}: publishers and consumers must agree, and the count must not change while messages are in flight`,
  );
}

/**
 * A {@link "tactical-ddd".MessagePublisher | MessagePublisher} for Redis Streams: each event is an
 * `XADD` entry with the fields `type` (the event type) and `envelope` (the JSON envelope of
 * `tactical-ddd/cqrs`). Each append first trims the stream to `maxLength` entries, atomically
 * in one script, without removing an entry that a consumer group has not acknowledged (so a consumer
 * that was down finds every entry it missed). `publish` resolves once Redis
 * replied with the entry id (`publishBatch`, once it replied to every entry of a pipelined batch),
 * so an `OutboxRelay` marks outbox rows published only then. Durability
 * across a Redis restart is Redis's own: run it with `appendonly yes` (and `appendfsync always` to
 * lose nothing on a power cut). `ioredis` reconnects by itself; a publish that failed meanwhile
 * rejects and the relay retries it.
 *
 * With `partitions`, each event goes to the stream of its partition, `<stream>:<partition>`
 * (`partitionOf(partitionKey(event), partitions)`, the aggregate id by default), for
 * {@link RedisStreamPartitionedConsumer}s given the same count: an aggregate's events stay in one
 * stream, in order. The count is recorded in `<stream>:partitions` by the first publisher or
 * consumer of the stream; a publish with another count is refused before anything is written
 * (`ValidationError`, rule `partitions_changed`).
 *
 * @example
 * ```ts
 * const redis = new Redis('redis://127.0.0.1:6379');
 * const relay = new OutboxRelay({ outbox, publisher: new RedisStreamPublisher({ redis, stream: 'orders' }) });
 * relay.start();
 * ```
 */
export class RedisStreamPublisher implements MessagePublisher {
  private readonly redis: Redis;
  private readonly stream: (event: DomainEvent) => string;
  private readonly maxLength: number;
  private readonly partition: ((event: DomainEvent) => number) | undefined;
  private readonly partitions: number | undefined;
  private sha: Promise<string> | undefined;
  /** The streams whose partition count was checked (or is being checked), by stream key. */
  private readonly counted = new Map<string, Promise<void>>();

  /**
   * @param options - The client, the stream and its length limit.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `stream` is empty, `maxLength` is not a positive integer or `partitions` is not an integer from 1 to 65,536.
   */
  constructor(options: RedisStreamPublisherOptions) {
    this.redis = options.redis;
    const stream = options.stream;
    if (typeof stream === 'string') {
      nonEmptyKey('RedisStreamPublisherOptions', 'stream', stream);
      this.stream = () => stream;
    } else this.stream = stream;
    this.maxLength = integerAtLeast('RedisStreamPublisherOptions', 'maxLength', options.maxLength ?? 1_000_000, 1);
    this.partition = partitioner('RedisStreamPublisherOptions', options);
    this.partitions = options.partitions;
  }

  /**
   * Appends one event to its stream.
   *
   * @param event - The event.
   * @throws the client's error when Redis did not take it; a `ValidationError` when the event is
   * not JSON-safe or its partition key is not a string.
   */
  async publish(event: DomainEvent): Promise<void> {
    const args = this.append(event);
    await this.checkCounts([event]);
    try {
      await this.redis.call('EVALSHA', await this.script(), ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      // Redis lost its script cache (a restart): nothing ran; load the script again and retry.
      this.sha = undefined;
      await this.redis.call('EVALSHA', await this.script(), ...args);
    }
  }

  /** The script's sha, loaded into Redis once (again after Redis lost it). */
  private script(): Promise<string> {
    if (this.sha !== undefined) return this.sha;
    const sha = this.redis.call('SCRIPT', 'LOAD', TRIM_AND_APPEND) as Promise<string>;
    this.sha = sha;
    sha.catch(() => {
      if (this.sha === sha) this.sha = undefined; // a failed load is tried again next time
    });
    return sha;
  }

  /**
   * Appends several events, in order, in one pipeline (one round trip), resolving once Redis
   * replied to every `XADD`: what an `OutboxRelay` uses for each claimed batch.
   *
   * @param events - The events, in order.
   * @throws the first error of the batch when Redis did not take every event; a `ValidationError`
   * (nothing sent) when an event is not JSON-safe or its partition key is not a string.
   * @example
   * ```ts
   * await publisher.publishBatch([orderPlaced, orderPaid]); // both appended
   * ```
   */
  async publishBatch(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    let batch = events.map((event) => this.append(event));
    await this.checkCounts(events);
    for (let round = 0; ; round++) {
      const sha = await this.script();
      const pipeline = this.redis.pipeline();
      for (const args of batch) pipeline.call('EVALSHA', sha, ...args);
      const replies = await pipeline.exec();
      if (replies === null) throw new Error('The Redis pipeline was discarded');
      const first = replies.find(([error]) => error && !isNoScript(error))?.[0];
      if (first) throw first;
      const missing = batch.filter((_, i) => replies[i]?.[0]);
      if (missing.length === 0) return;
      if (round > 0) throw replies.find(([error]) => error)?.[0];
      // Redis lost its script cache: nothing of those entries ran; load it and send them again, in order.
      this.sha = undefined;
      batch = missing;
    }
  }

  /** Checks, once per stream, that the stream's partition count is this publisher's (before any append). */
  private async checkCounts(events: readonly DomainEvent[]): Promise<void> {
    const partitions = this.partitions;
    if (partitions === undefined) return;
    const checks = new Set<Promise<void>>();
    for (const event of events) {
      const key = this.stream(event);
      let check = this.counted.get(key);
      if (check === undefined) {
        check = checkPartitionCount(this.redis, 'RedisStreamPublisher', key, partitions);
        this.counted.set(key, check);
        // A failed check runs again with the next publish (Redis was unreachable, or the count was fixed).
        check.catch(() => {
          if (this.counted.get(key) === check) this.counted.delete(key);
        });
      }
      checks.add(check);
    }
    await Promise.all(checks);
  }

  private append(event: DomainEvent): (string | number)[] {
    const key = nonEmptyKey('RedisStreamPublisher', 'stream', this.stream(event));
    const stream = this.partition === undefined ? key : partitionStream(key, this.partition(event));
    return [1, stream, this.maxLength, event.type, encodeMessage(event)];
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** Checks a non-empty key option. @internal */
export function nonEmptyKey(subject: string, field: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw ValidationError.of(subject, field, 'too_small', `${field} must be a non-empty string`);
  }
  return value;
}

/** Checks an integer option. @internal */
export function integerAtLeast(subject: string, field: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw ValidationError.of(subject, field, 'too_small', `${field} must be an integer ≥ ${min}`);
  }
  return value;
}
