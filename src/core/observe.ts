import type { EventMetadata } from './DomainEvent.js';
import type { Observation } from './Observer.js';

interface Host {
  readonly console: { error(...data: unknown[]): void };
  readonly performance?: { now(): number };
}

const host = globalThis as unknown as Host;

let clock: { now(): number } | undefined;

/** A monotonic time in milliseconds, for durations. @internal */
export function now(): number {
  // Looked up once: `globalThis.performance` is a slow accessor on Node.
  clock ??= host.performance ?? Date;
  return clock.now();
}

/** Writes a hook's failure to `console.error`, prefixed with its owner; never throws. @internal */
export function reportHookError(owner: string, error: unknown): void {
  try {
    host.console.error(`${owner}: an observer hook threw`, error);
  } catch {
    // Nothing is left to report to.
  }
}

type Outcome<TResult> = Parameters<Observation<TResult>['end']>[0];

/** The observation `start` makes, or `undefined` (reported) when it throws. */
function begin<TResult>(
  owner: string,
  start: () => Observation<TResult> | undefined,
): Observation<TResult> | undefined {
  try {
    return start();
  } catch (error) {
    reportHookError(owner, error);
    return undefined;
  }
}

/** Calls the observation's `end`, reporting a throw. */
function finish<TResult>(owner: string, observation: Observation<TResult>, outcome: Outcome<TResult>): void {
  try {
    observation.end(outcome);
  } catch (error) {
    reportHookError(owner, error);
  }
}

/** A started observation: its metadata, and how to report the end of its work. @internal */
export interface Tracked<TResult> {
  readonly observation: Observation<TResult>;
  succeed(result: TResult): void;
  fail(error: unknown): void;
}

/** Starts the observation `start` makes (reporting a throw); `undefined` when there is none. @internal */
export function track<TResult>(
  owner: string,
  start: () => Observation<TResult> | undefined,
): Tracked<TResult> | undefined {
  const observation = begin(owner, start);
  if (observation === undefined) return undefined;
  const began = now();
  return {
    observation,
    succeed: (result) => finish(owner, observation, { ok: true, result, durationMs: now() - began }),
    fail: (error) => finish(owner, observation, { ok: false, error, durationMs: now() - began }),
  };
}

/** Settles `pending` and reports its outcome to each tracked observation. */
function settle<TValue, TResult>(
  tracked: readonly Tracked<TResult>[],
  pending: Promise<TValue>,
  result: (value: TValue) => TResult,
): Promise<TValue> {
  return pending.then(
    (value) => {
      const outcome = result(value);
      for (const one of tracked) one.succeed(outcome);
      return value;
    },
    (error: unknown) => {
      for (const one of tracked) one.fail(error);
      throw error;
    },
  );
}

/** Calls `work`, turning a synchronous throw into a rejection. */
function attempt<TValue>(work: () => Promise<TValue>): Promise<TValue> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs `work` under the observation `start` makes (if any): hands the observation's metadata to
 * `work`, runs it through the observation's `run`, and reports how it ended, with its duration, to
 * `end`. A hook that throws is reported and the work goes on unobserved; the work's own result or
 * error is passed on unchanged. @internal
 */
export function observe<TValue, TResult>(
  owner: string,
  start: () => Observation<TResult> | undefined,
  work: (metadata: EventMetadata | undefined) => Promise<TValue>,
  result: (value: TValue) => TResult,
): Promise<TValue> {
  // Written out rather than through `track` and `settle`: this runs on every observed dispatch, and
  // each closure or array less is measurable there.
  const observation = begin(owner, start);
  if (observation === undefined) return work(undefined);
  const began = now();
  const { metadata } = observation;
  let pending: Promise<TValue>;
  try {
    pending = observation.run === undefined ? work(metadata) : observation.run<Promise<TValue>>(() => work(metadata));
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(
    (value) => {
      finish(owner, observation, { ok: true, result: result(value), durationMs: now() - began });
      return value;
    },
    (error: unknown) => {
      finish(owner, observation, { ok: false, error, durationMs: now() - began });
      throw error;
    },
  );
}

/**
 * Runs one `work` for several items (a batch), each item under an observation of its own: `work`
 * gets each item's metadata (or `undefined`), and every observation learns the batch's outcome.
 * @internal
 */
export function observeEach<TItem, TValue>(
  owner: string,
  items: readonly TItem[],
  start: (item: TItem) => Observation<void> | undefined,
  work: (metadata: readonly (EventMetadata | undefined)[]) => Promise<TValue>,
): Promise<TValue> {
  const tracked: Tracked<void>[] = [];
  const metadata = items.map((item) => {
    const one = track(owner, () => start(item));
    if (one === undefined) return undefined;
    tracked.push(one);
    return one.observation.metadata;
  });
  if (tracked.length === 0) return work(metadata);
  return settle(
    tracked,
    attempt(() => work(metadata)),
    () => undefined,
  );
}
