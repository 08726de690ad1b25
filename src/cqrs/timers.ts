/** The timer functions every JavaScript host has, typed without DOM or Node typings. @internal */
interface TimerHost {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  readonly performance?: { now(): number };
}

const host = (): TimerHost => globalThis as unknown as TimerHost;

/** Calls `callback` after `ms` milliseconds; returns a handle for {@link clearTimer}. @internal */
export const setTimer = (callback: () => void, ms: number): unknown => host().setTimeout(callback, ms);

/** Cancels a timer set by {@link setTimer}. @internal */
export const clearTimer = (handle: unknown): void => host().clearTimeout(handle);

/** Resolves after `ms` milliseconds. @internal */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimer(resolve, ms);
  });

let clock: { now(): number } | undefined;

/** A monotonic time in milliseconds, for durations. @internal */
export function now(): number {
  // Looked up once: `globalThis.performance` is a slow accessor on Node.
  clock ??= host().performance ?? Date;
  return clock.now();
}
