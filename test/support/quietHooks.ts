import { vi } from 'vitest';

/**
 * Records the unhandled rejections and silences `console.error` while `body` runs, and hands both
 * to it: for tests of hooks that throw.
 */
export async function withRejectionWatch(
  body: (watch: {
    readonly rejections: unknown[];
    readonly consoleError: ReturnType<typeof vi.spyOn>;
  }) => Promise<void>,
): Promise<void> {
  const rejections: unknown[] = [];
  const listener = (reason: unknown) => void rejections.push(reason);
  process.on('unhandledRejection', listener);
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await body({ rejections, consoleError });
  } finally {
    process.off('unhandledRejection', listener);
    consoleError.mockRestore();
  }
}
