import type { Redis } from 'ioredis';
import type { DomainEvent } from '../core/DomainEvent.js';
import {
  type ConsumerFailure,
  checkDeliveryOptions,
  consumerHook,
  type DeliveryOptions,
  type DeliveryOutcome,
  errorMessage,
  handleDeliveries,
  handleDelivery,
} from '../cqrs/handleDelivery.js';
import { handleInOrder } from '../cqrs/handleInOrder.js';
import { sleep } from '../cqrs/timers.js';
import { integerAtLeast, nonEmptyKey } from './RedisStreamPublisher.js';
import { StreamGapError } from './StreamGapError.js';

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
   * How many entries of a batch are handled at once (default 1: one at a time, in stream order;
   * an entry waiting for its retry then holds back the entries after it, so none overtakes it);
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
  /**
   * Receives each retry, dead letter and connection error. Default: `console.error`. A hook that
   * throws (or rejects) is reported to `console.error` and the consumer keeps running.
   */
  readonly onError?: (failure: ConsumerFailure) => void;
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
 * `reason`, `consumer`, `sourceId`) and acknowledged, in one `MULTI`. Entries removed from the
 * stream before the group read or acknowledged them (trimmed by another writer, deleted with
 * `XDEL`) are reported, once per consumer, as a {@link StreamGapError} to `onError` (status
 * `dead_letter`) and as a dead-letter entry with reason `removed`, `sourceId` and `lastSourceId`
 * the range lost and an empty `envelope`. Connection errors are retried (`ioredis` reconnects).
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
  /** The last id of a gap already reported, or of what was removed before this consumer made its group. */
  private gapSeen = '0-0';
  /**
   * In stream order (concurrency 1): set while an entry of this consumer waits for its retry, so
   * that no later entry overtakes it; `held` are the later entries delivered with it, not handled.
   */
  private waiting = false;
  private readonly held = new Set<string>();

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
    this.onError = consumerHook('RedisStreamConsumer', options.consumer, options.onError);
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
      // Entries removed before the group existed were never its own to lose.
      const { first, removedThrough } = await this.positions();
      const before = first === undefined ? undefined : previousId(first);
      for (const id of [before, removedThrough]) if (id !== undefined && idBefore(this.gapSeen, id)) this.gapSeen = id;
    } catch (error) {
      if (!errorMessage(error).startsWith('BUSYGROUP')) throw error;
    }
  }

  /** What `XINFO` says of the stream and of this group (Redis ≥ 7; fields missing before). */
  private async positions(): Promise<StreamPositions> {
    const { stream, group } = this.options;
    const replies = await this.redis.multi().call('XINFO', 'STREAM', stream).call('XINFO', 'GROUPS', stream).exec();
    const [info, groups] = (replies ?? []).map(([error, reply]) => (error ? undefined : reply)) as [
      unknown[] | undefined,
      unknown[][] | undefined,
    ];
    const mine = groups?.find((fields) => fieldOf(fields, 'name') === group);
    const firstEntry = replyField(info, 'first-entry');
    return {
      delivered: fieldOf(mine, 'last-delivered-id'),
      read: numberOf(mine, 'entries-read'),
      length: numberOf(info, 'length'),
      added: numberOf(info, 'entries-added'),
      first: Array.isArray(firstEntry) && typeof firstEntry[0] === 'string' ? firstEntry[0] : undefined,
      removedThrough: fieldOf(info, 'max-deleted-entry-id'),
    };
  }

  /**
   * Reports, once, entries removed from the stream that the group had not read: trimmed from its
   * head past the group's position (more entries gone from before the first one left than the
   * group read), or deleted after its position. It runs before each read, so it misses only a
   * removal that lands between the check and the read.
   */
  private async checkGap(): Promise<void> {
    const { delivered, read, length, added, first, removedThrough } = await this.positions();
    if (delivered === undefined) return;
    const start = idBefore(delivered, this.gapSeen) ? this.gapSeen : delivered;
    if (first !== undefined && length !== undefined && added !== undefined && idBefore(nextId(start), first)) {
      const end = previousId(first);
      if (added - length - (read ?? 0) > 0) {
        this.gapSeen = end;
        await this.reportLost(nextId(start), end);
        return;
      }
    }
    if (removedThrough !== undefined && idBefore(start, removedThrough)) {
      this.gapSeen = removedThrough;
      await this.reportLost(nextId(start), removedThrough);
    }
  }

  /** Reports lost entries: `onError` (status `dead_letter`) and an entry in the dead-letter stream. */
  private async reportLost(from: string, to: string, attempts?: number): Promise<void> {
    const { stream, group, consumer } = this.options;
    const error = new StreamGapError(stream, group, from, to);
    this.onError({ status: 'dead_letter', error, ...(attempts === undefined ? {} : { attempts }) });
    await this.redis.call(
      'XADD',
      this.deadLetterStream,
      '*',
      'envelope',
      '',
      'error',
      error.message,
      'errorName',
      error.name,
      'attempts',
      attempts ?? 0,
      'reason',
      'removed',
      'consumer',
      consumer,
      'sourceId',
      from,
      'lastSourceId',
      to,
      'deadLetteredAt',
      new Date().toISOString(),
    );
  }

  private async run(): Promise<void> {
    const blocking = this.blocking as Redis;
    const { stream, group } = this.options;
    while (this.running) {
      try {
        if (Date.now() >= this.nextReclaim) {
          const more = await this.reclaim();
          // A full page of pending entries: claim the next page before reading anything new.
          this.nextReclaim = more ? 0 : Date.now() + Math.max(50, Math.min(this.retryDelayMs, this.claimIdleMs) / 2);
        }
        if (this.waiting) {
          // An entry waits for its retry: read nothing new until it and the entries held behind it are done.
          await sleep(Math.max(10, Math.min(this.blockMs, this.nextReclaim - Date.now())));
          continue;
        }
        await this.checkGap();
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

  /**
   * Claims the pending entries this consumer failed on, and those of consumers that look crashed;
   * resolves `true` when it claimed a full page (there may be more).
   */
  private async reclaim(): Promise<boolean> {
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
      // An entry held behind a retry was not attempted: keep its delivery count as it was.
      const held = this.held.delete(id);
      const entries = (await this.redis.call(
        'XCLAIM',
        stream,
        group,
        this.name,
        threshold,
        id,
        ...(held ? ['RETRYCOUNT', Math.max(0, deliveries - 1)] : []),
      )) as (StreamEntry | null)[];
      const entry = entries[0];
      if (entry === undefined || entry === null) {
        // Redis 7 drops a removed entry from the pending list and returns nothing (Redis 6: null).
        if (entry === undefined && ((await this.redis.call('XRANGE', stream, id, id)) as unknown[]).length > 0) {
          continue; // still there: another consumer claimed it first
        }
        // Removed before the group acknowledged it: report it rather than acknowledge it in silence.
        await this.reportLost(id, id, deliveries);
        await this.redis.call('XACK', stream, group, id);
        continue;
      }
      claimed.push({ entry, attempts: held ? deliveries : deliveries + 1 });
    }
    this.waiting = false;
    await this.handleAll(claimed);
    const more = claimed.length === this.batchSize && !this.waiting;
    if (!this.waiting && this.held.size > 0) {
      // Entries held behind a retry that this round did not reach yet: keep waiting for them.
      const mine = (await this.redis.call('XPENDING', stream, group, '-', '+', 1, this.name)) as unknown[];
      if (mine.length > 0) this.waiting = true;
      else this.held.clear();
    }
    return more;
  }

  /**
   * Handles a read's entries in inbox transactions of up to `inboxBatchSize` entries (one per entry
   * when the inbox has no `handleBatch`), `concurrency` of them at a time, and acknowledges the
   * entries that committed (or were duplicates) with one `XACK` at the end, even when some failed.
   */
  private async handleAll(items: readonly Item[]): Promise<void> {
    const size = this.options.inbox.handleBatch === undefined ? 1 : this.inboxBatchSize;
    const ordered = this.concurrency === 1;
    const batches: (typeof items)[] = [];
    for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
    let next = 0;
    const done: string[] = [];
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] as typeof items;
        const bodies = batch.map(({ entry }) => fieldOf(entry[1], 'envelope') ?? '');
        const deliveries = batch.map(({ attempts }, i) => ({ body: bodies[i] as string, attempts }));
        // In stream order, a failing entry holds back the rest of its batch too: their handlers do
        // not run (their savepoints roll back), so nothing after it commits before its retry.
        const outcomes = ordered
          ? await handleInOrder(deliveries, this.options)
          : batch.length === 1
            ? [await handleDelivery(bodies[0] as string, (batch[0] as Item).attempts, this.options)]
            : await handleDeliveries(deliveries, this.options);
        let holdRest = false;
        for (const [i, { entry, attempts }] of batch.entries()) {
          const outcome = outcomes[i];
          if (holdRest || outcome === undefined) {
            // Not handled: behind the failed entry before it (in stream order), or not reached.
            this.held.add(entry[0]);
            holdRest = true;
            continue;
          }
          const settled = await this.settle(entry[0], bodies[i] as string, attempts, outcome);
          if (settled === 'ack') done.push(entry[0]);
          else if (settled === 'retry' && ordered) holdRest = true;
        }
        if (holdRest) {
          // In stream order: the rest of the read waits (pending) until the failed entry's retry is
          // done, or, after a dead letter, until the entries held behind it are handled.
          this.waiting = true;
          for (const later of batches.slice(next)) for (const rest of later) this.held.add(rest.entry[0]);
          next = batches.length;
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
   * Acts on one entry's outcome: `'ack'` when it is to be acknowledged (handled, or a duplicate),
   * `'retry'` when it stays pending for its retry (reported), `'dead_letter'` when it was copied to
   * the dead-letter stream and acknowledged at once.
   */
  private async settle(
    id: string,
    body: string,
    attempts: number,
    outcome: DeliveryOutcome,
  ): Promise<'ack' | 'retry' | 'dead_letter'> {
    const { stream, group, consumer } = this.options;
    if (outcome.status === 'handled' || outcome.status === 'duplicate') return 'ack';
    this.onError({
      status: outcome.status,
      attempts,
      error: outcome.error,
      ...(outcome.event === undefined ? {} : { event: outcome.event }),
    });
    if (outcome.status === 'retry') return 'retry'; // stays pending: claimed again after retryDelayMs
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
    return 'dead_letter'; // acknowledged with its dead letter
  }
}

function fieldOf(fields: readonly unknown[] | undefined, name: string): string | undefined {
  const value = replyField(fields, name);
  return typeof value === 'string' ? value : undefined;
}

interface StreamPositions {
  /** The group's last delivered entry id. */
  readonly delivered: string | undefined;
  /** How many entries the group has read (`undefined` when Redis does not know). */
  readonly read: number | undefined;
  readonly length: number | undefined;
  /** How many entries were ever added to the stream. */
  readonly added: number | undefined;
  /** The id of the first entry left. */
  readonly first: string | undefined;
  /** The largest id deleted with `XDEL`. */
  readonly removedThrough: string | undefined;
}

function replyField(fields: readonly unknown[] | undefined, name: string): unknown {
  if (fields === undefined) return undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function numberOf(fields: readonly unknown[] | undefined, name: string): number | undefined {
  const value = replyField(fields, name);
  return typeof value === 'number' ? value : undefined;
}

/** The largest stream id before `id` (which is not `0-0`). */
function previousId(id: string): string {
  const [ms = '0', seq = '0'] = id.split('-');
  return seq === '0' ? `${BigInt(ms) - 1n}-18446744073709551615` : `${ms}-${BigInt(seq) - 1n}`;
}

/** Tells whether stream id `a` (`<ms>-<seq>`) comes before `b`. */
function idBefore(a: string, b: string): boolean {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  return aMs < bMs || (aMs === bMs && aSeq < bSeq);
}

/** The smallest stream id after `id`. */
function nextId(id: string): string {
  const [ms = '0', seq = '0'] = id.split('-');
  return `${ms}-${BigInt(seq) + 1n}`;
}
