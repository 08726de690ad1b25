import type { DomainEvent } from '../core/DomainEvent.js';
import { guardHook } from '../cqrs/guardHook.js';
import type { ConsumerFailure } from '../cqrs/handleDelivery.js';
import { PartitionBalancer } from '../cqrs/PartitionBalancer.js';
import { partitionCount } from '../cqrs/partitioner.js';
import { RedisStreamConsumer, type RedisStreamConsumerOptions } from './RedisStreamConsumer.js';
import { checkPartitionCount, integerAtLeast, nonEmptyKey, partitionStream } from './RedisStreamPublisher.js';
import { RedisLeases } from './redisLeases.js';

/**
 * The options of a {@link RedisStreamPartitionedConsumer}: those of a {@link RedisStreamConsumer}
 * (without `concurrency` and `claimIdleMs`: each partition is handled in order, by one consumer)
 * plus the partition count and the lease timing.
 *
 * @example
 * ```ts
 * const options: RedisStreamPartitionedConsumerOptions = {
 *   redis,
 *   stream: 'orders',
 *   partitions: 8,
 *   group: 'billing',
 *   consumer: 'billing',
 *   inbox,
 *   handler: async (event, tx) => {},
 * };
 * ```
 */
export interface RedisStreamPartitionedConsumerOptions<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown>
  extends Omit<RedisStreamConsumerOptions<TEvent, TTransaction>, 'concurrency' | 'claimIdleMs'> {
  /** How many partition streams (`<stream>:0` … `<stream>:<partitions - 1>`): the publisher's `partitions`. */
  readonly partitions: number;
  /**
   * How long a consumer's hold on a partition lasts without being renewed (default 10,000 ms):
   * after a consumer crashed, its partitions move to the others within about this time.
   */
  readonly leaseMs?: number;
  /** How often leases are renewed and partitions rebalanced (default a fifth of `leaseMs`). */
  readonly rebalanceIntervalMs?: number;
}

/**
 * Consumes a partitioned stream (written by a {@link RedisStreamPublisher} with `partitions`) with
 * several processes sharing the work, each aggregate's events handled in order by one consumer at
 * a time. The consumers of a group hold a lease per partition stream in Redis and share the
 * partitions evenly (each takes up to `ceil(partitions / live consumers)`), rebalancing every
 * `rebalanceIntervalMs` as consumers start and stop. A consumer reads each partition it holds with
 * a {@link RedisStreamConsumer} of its own, in stream order (a failing entry holds back the entries
 * after it until its retry), acknowledging after the inbox commit. A consumer that stops hands its
 * partitions over after the entries in hand are acknowledged; one that crashes loses its leases
 * after `leaseMs`, and the next holder claims its pending entries before reading new ones, so the
 * order holds across the move.
 *
 * @example
 * ```ts
 * const consumer = new RedisStreamPartitionedConsumer({
 *   redis: new Redis('redis://127.0.0.1:6379'),
 *   stream: 'orders',
 *   partitions: 8,
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
export class RedisStreamPartitionedConsumer<TEvent extends DomainEvent = DomainEvent, TTransaction = unknown> {
  private readonly options: RedisStreamPartitionedConsumerOptions<TEvent, TTransaction>;
  private readonly name: string;
  private readonly leases: RedisLeases;
  private readonly balancer: PartitionBalancer;
  private running = false;

  /**
   * @param options - The client, the stream, its partition count and group, the inbox and the handler.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the option that is empty or not a valid number.
   */
  constructor(options: RedisStreamPartitionedConsumerOptions<TEvent, TTransaction>) {
    const subject = 'RedisStreamPartitionedConsumerOptions';
    const partitions = partitionCount(subject, options.partitions);
    const stream = nonEmptyKey(subject, 'stream', options.stream);
    const group = nonEmptyKey(subject, 'group', options.group);
    const leaseMs = integerAtLeast(subject, 'leaseMs', options.leaseMs ?? 10_000, 10);
    const intervalMs = integerAtLeast(
      subject,
      'rebalanceIntervalMs',
      options.rebalanceIntervalMs ?? Math.ceil(leaseMs / 5),
      1,
    );
    this.name = nonEmptyKey(
      subject,
      'consumerName',
      options.consumerName ?? `${options.consumer}-${Math.random().toString(36).slice(2, 10)}`,
    );
    this.options = {
      ...options,
      consumerName: this.name,
      deadLetterStream: nonEmptyKey(subject, 'deadLetterStream', options.deadLetterStream ?? `${stream}:dead-letter`),
      onError: guardHook(
        'RedisStreamPartitionedConsumer',
        options.onError ??
          ((failure: ConsumerFailure) =>
            console.error(`RedisStreamPartitionedConsumer ${options.consumer}: ${failure.status}`, failure.error)),
      ),
    };
    // Checks every other option now, as each partition's reader will.
    this.reader(0);
    this.leases = new RedisLeases(options.redis, `${stream}:${group}`, this.name, leaseMs);
    this.balancer = new PartitionBalancer(
      partitions,
      this.name,
      this.leases,
      (partition) => this.reader(partition),
      intervalMs,
      (error) => this.options.onError?.({ status: 'connection', error }),
    );
  }

  /** The partitions this consumer reads now, in ascending order. */
  get partitions(): readonly number[] {
    return this.balancer.owned();
  }

  /**
   * Joins the group's consumers, takes its share of the partitions and starts reading them. The
   * first publisher or consumer of the stream records its partition count (`<stream>:partitions`).
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`partitions_changed`) when the
   *   stream was set up with another partition count; the client's error when Redis cannot be
   *   reached now.
   */
  async start(): Promise<void> {
    if (this.running) return;
    const { redis, stream, partitions } = this.options;
    await checkPartitionCount(redis, 'RedisStreamPartitionedConsumer', stream, partitions);
    this.running = true;
    try {
      await this.balancer.start();
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  /** Stops reading, waits for the entries in hand (and their acks), and gives its partitions back. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.balancer.stop();
    await this.leases.leave().catch((error: unknown) => this.options.onError?.({ status: 'connection', error }));
  }

  private reader(partition: number): RedisStreamConsumer<TEvent, TTransaction> {
    const { partitions: _, leaseMs: __, rebalanceIntervalMs: ___, ...rest } = this.options;
    // The one holder of a partition claims every entry a former holder left pending, at once.
    return new RedisStreamConsumer({
      ...rest,
      stream: partitionStream(this.options.stream, partition),
      concurrency: 1,
      claimIdleMs: 1,
    });
  }
}
