import type { EventStore, RecordedEvent } from './EventStore.js';

/** The part of `AbortSignal` a subscription uses (so the entry needs no DOM or Node types). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  /** Registers `listener` for the abort. */
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  /** Removes `listener`. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The options of {@link subscribeToAll}. */
export interface SubscribeToAllOptions {
  /** Start strictly after this position (a checkpoint); `0n` (default) from the beginning. */
  readonly fromPosition?: bigint;
  /** The most events per batch (default 500). */
  readonly batchSize?: number;
  /** How long to wait before polling again once caught up, in ms (default 100). */
  readonly pollIntervalMs?: number;
  /** Ends the subscription. */
  readonly signal?: AbortSignalLike;
}

/**
 * Follows the store's global order by polling `readAll`: yields batches of events as they are
 * committed, forever, until `signal` aborts. It works on any {@link EventStore}; keep the last
 * `globalPosition` you handled as your checkpoint and pass it back as `fromPosition`.
 *
 * @param store - The event store to follow.
 * @param options - The start position, batch size, poll interval and an abort signal.
 * @returns An async iterable of non-empty batches in global order.
 *
 * @example
 * ```ts
 * for await (const batch of subscribeToAll(store, { fromPosition: checkpoint, signal })) {
 *   for (const event of batch) handle(event);
 *   checkpoint = batch[batch.length - 1].globalPosition;
 * }
 * ```
 */
export async function* subscribeToAll(
  store: EventStore,
  options: SubscribeToAllOptions = {},
): AsyncGenerator<readonly RecordedEvent[], void, undefined> {
  const { batchSize = 500, pollIntervalMs = 100, signal } = options;
  let position = options.fromPosition ?? 0n;
  while (signal?.aborted !== true) {
    const batch = await store.readAll({ fromPosition: position, maxCount: batchSize });
    if (batch.length === 0) {
      await sleep(pollIntervalMs, signal);
      continue;
    }
    position = (batch[batch.length - 1] as RecordedEvent).globalPosition;
    yield batch;
  }
}

const timers = globalThis as unknown as {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

const sleep = (ms: number, signal: AbortSignalLike | undefined): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = timers.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
