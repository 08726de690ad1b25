import type { DomainEvent } from '../core/DomainEvent.js';
import { type MemoryTransaction, runMemoryTransaction } from '../core/MemoryTransaction.js';
import { newEventId } from '../core/newEventId.js';
import type { CheckpointStore } from './CheckpointStore.js';
import type { EventStore, RecordedEvent } from './EventStore.js';
import { type Projection, projectEvent } from './Projection.js';
import { type AbortSignalLike, subscribeToAll } from './subscribeToAll.js';

/** The options of a {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions<TEvent extends DomainEvent> {
  readonly store: EventStore;
  /** The projection; its handlers get a `MemoryTransaction` per event (stage writes there, or write directly). */
  readonly projection: Projection<TEvent, MemoryTransaction>;
  readonly checkpoints: CheckpointStore;
  /** The most events read per batch (default 500). */
  readonly batchSize?: number;
}

/**
 * Feeds a {@link Projection} from the store's global order, starting after its stored checkpoint.
 * Delivery is at-least-once: the checkpoint advances after each batch (and, when a handler
 * throws, to the last event handled), so a crash re-delivers at most the unfinished batch and
 * never skips an event.
 *
 * It also keeps each stream in order, whatever the global order: an event whose stream version
 * was already handled in this run is skipped, and one that arrives ahead of its stream (a store
 * ordering by transaction can show `v2` before `v1`) is preceded by the missing versions, read
 * from the stream.
 *
 * @example
 * ```ts
 * const runner = new ProjectionRunner({ store, projection: accountBalances, checkpoints });
 * await runner.catchUp(); // handles everything committed so far
 * const controller = new AbortController();
 * const running = runner.run({ signal: controller.signal }); // keeps following new events
 * ```
 */
export class ProjectionRunner<TEvent extends DomainEvent = DomainEvent> {
  private readonly options: ProjectionRunnerOptions<TEvent>;
  /** The last version handled per stream in this run. */
  private readonly handled = new Map<string, number>();

  /** @param options - The store, the projection, a checkpoint store and a batch size. */
  constructor(options: ProjectionRunnerOptions<TEvent>) {
    this.options = options;
  }

  /**
   * Handles every event committed after the checkpoint, until caught up.
   *
   * @returns The number of events read (handled or skipped).
   * @throws whatever a handler throws, after saving the checkpoint of the last event handled.
   */
  async catchUp(): Promise<number> {
    const { store, batchSize = 500 } = this.options;
    let position = await this.checkpoint();
    let total = 0;
    for (;;) {
      const batch = await store.readAll({ fromPosition: position, maxCount: batchSize });
      if (batch.length === 0) return total;
      position = await this.handle(batch, position);
      total += batch.length;
    }
  }

  /**
   * Follows the store until `signal` aborts: catches up, then polls for new events.
   *
   * @param options - An abort signal and the poll interval in ms (default 100).
   * @returns A promise that resolves once aborted.
   * @throws whatever a handler throws, after saving the checkpoint of the last event handled.
   */
  async run(options: { readonly signal: AbortSignalLike; readonly pollIntervalMs?: number }): Promise<void> {
    const { store, batchSize = 500 } = this.options;
    let position = await this.checkpoint();
    for await (const batch of subscribeToAll(store, {
      fromPosition: position,
      batchSize,
      signal: options.signal,
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    })) {
      position = await this.handle(batch, position);
    }
  }

  private async checkpoint(): Promise<bigint> {
    return (await this.options.checkpoints.load(this.options.projection.name)) ?? 0n;
  }

  private async handle(batch: readonly RecordedEvent[], from: bigint): Promise<bigint> {
    const { checkpoints, projection } = this.options;
    let position = from;
    try {
      for (const event of batch) {
        const last = this.handled.get(event.streamId);
        if (last === undefined || event.version > last) {
          if (event.version > (last ?? 0) + 1) await this.catchUpStream(event, last);
          await this.apply(event);
        }
        position = event.globalPosition;
      }
    } finally {
      if (position !== from) await checkpoints.save(projection.name, position);
    }
    return position;
  }

  /**
   * Handles the earlier versions of `event`'s stream that the global order has not shown yet: those
   * after `last` when the stream was seen in this run, otherwise those placed after `event` in the
   * global order (one backwards read of the stream tells).
   */
  private async catchUpStream(event: RecordedEvent, last: number | undefined): Promise<void> {
    const { store } = this.options;
    let missing: readonly RecordedEvent[];
    if (last !== undefined) {
      missing = await store.readStream(event.streamId, { fromVersion: last + 1, maxCount: event.version - last - 1 });
    } else {
      const later: RecordedEvent[] = [];
      let version = event.version - 1;
      let done = false;
      while (!done && version >= 1) {
        const page = await store.readStream(event.streamId, {
          fromVersion: version,
          direction: 'backwards',
          maxCount: 64,
        });
        for (const previous of page) {
          if (previous.globalPosition < event.globalPosition) {
            done = true;
            break;
          }
          later.push(previous);
        }
        if (page.length === 0) break;
        version -= page.length;
      }
      missing = later.reverse();
    }
    for (const previous of missing) await this.apply(previous);
  }

  private async apply(event: RecordedEvent): Promise<void> {
    const projection = this.options.projection as unknown as Projection<DomainEvent, MemoryTransaction>;
    await runMemoryTransaction(newEventId, (tx) => projectEvent(projection, event, tx));
    this.handled.set(event.streamId, event.version);
  }
}
