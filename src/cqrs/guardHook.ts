interface ConsoleLike {
  error(...data: unknown[]): void;
}

/**
 * Wraps a hook a user passed in (`onError`) so that it cannot take the caller down: a throw, or a
 * returned promise that rejects, is written to `console.error` (prefixed with `owner`) instead of
 * escaping as an unhandled rejection.
 * @internal
 */
export function guardHook<TArgument>(
  owner: string,
  hook: (argument: TArgument) => void,
): (argument: TArgument) => void {
  const report = (error: unknown): void => {
    try {
      (globalThis as unknown as { console: ConsoleLike }).console.error(`${owner}: the onError hook threw`, error);
    } catch {
      // Nothing is left to report to.
    }
  };
  return (argument) => {
    try {
      const result = hook(argument) as unknown;
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, report);
      }
    } catch (error) {
      report(error);
    }
  };
}
