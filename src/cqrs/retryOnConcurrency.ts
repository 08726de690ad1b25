import { ValidationError } from '../core/ValidationError.js';
import type { Dispatch, Middleware } from './Middleware.js';
import { sleep as wait } from './timers.js';

/**
 * The options of {@link retryOnConcurrency}.
 *
 * @example
 * ```ts
 * retryOnConcurrency({ maxAttempts: 5, backoffMs: (attempt) => attempt * 20, sleep: async () => {} });
 * ```
 */
export interface RetryOptions {
  /** How many times to run the handler at most, the first time included (default 3). */
  readonly maxAttempts?: number;
  /**
   * How long to wait after failed attempt `attempt` (1-based), in ms. Default: 10 ms doubled on
   * each retry, up to 1 s, with up to 50% random jitter so that competing writers spread out.
   */
  readonly backoffMs?: (attempt: number) => number;
  /** Waits `ms` milliseconds; inject a fake in tests. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Which errors to retry. Default: `ConcurrencyError` (by its code `'core.concurrency'`). */
  readonly retryOn?: (error: unknown) => boolean;
}

const isConcurrencyError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'core.concurrency';

const defaultBackoff = (attempt: number): number => {
  const base = Math.min(1000, 10 * 2 ** (attempt - 1));
  return base * (0.5 + Math.random() * 0.5);
};

/**
 * Middleware that runs the rest of the pipeline and the handler again when they fail with a
 * `ConcurrencyError`, so that the handler reloads the aggregate and decides again; it waits a
 * growing backoff between attempts, and after `maxAttempts` rethrows the last error. The
 * handler's context says which `attempt` it is. Put it after tracing, so one dispatch is one span.
 *
 * @param options - Attempts, backoff, an injectable sleep, and which errors to retry.
 * @returns The middleware.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `maxAttempts` is not a positive integer.
 *
 * @example
 * ```ts
 * const commandBus = new CommandBus({ middleware: [retryOnConcurrency({ maxAttempts: 5 })] });
 * ```
 */
export function retryOnConcurrency(options: RetryOptions = {}): Middleware {
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw ValidationError.of('RetryOptions', 'maxAttempts', 'too_small', 'maxAttempts must be a positive integer');
  }
  const backoffMs = options.backoffMs ?? defaultBackoff;
  const sleep = options.sleep ?? wait;
  const retryOn = options.retryOn ?? isConcurrencyError;
  const policy: Policy = { maxAttempts, backoffMs, sleep, retryOn };
  return (dispatch, next) => attemptDispatch(policy, dispatch, next, 1);
}

interface Policy {
  readonly maxAttempts: number;
  readonly backoffMs: (attempt: number) => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly retryOn: (error: unknown) => boolean;
}

/**
 * Runs attempt `attempt` and, when it fails with an error to retry, the next one after the backoff.
 * Promise callbacks rather than an async function: one promise less per dispatch.
 */
function attemptDispatch(
  policy: Policy,
  dispatch: Dispatch,
  next: (dispatch: Dispatch) => Promise<unknown>,
  attempt: number,
): Promise<unknown> {
  let pending: Promise<unknown>;
  try {
    pending = next(attempt === 1 ? dispatch : { ...dispatch, context: { ...dispatch.context, attempt } });
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(undefined, (error: unknown) => {
    if (attempt >= policy.maxAttempts || !policy.retryOn(error)) throw error;
    return policy.sleep(policy.backoffMs(attempt)).then(() => attemptDispatch(policy, dispatch, next, attempt + 1));
  });
}
