import { ValidationError } from '../core/ValidationError.js';

/**
 * Makes a deterministic id source for tests: each call returns the next of a sequence of valid
 * uuid v7 strings (`00000000-0000-7000-8000-000000000001`, `…0002`, …), so event ids and aggregate
 * ids are the same on every run. Pass it as `AggregateOptions.generateId`.
 *
 * @param start - The first number of the sequence (default 1), a non-negative safe integer.
 * @returns A function returning the next id on each call.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `start` is not a non-negative safe integer.
 *
 * @example
 * ```ts
 * const generateId = sequentialIds();
 * generateId(); // '00000000-0000-7000-8000-000000000001'
 * const account = new Account(id, { generateId, clock: new FixedClock() });
 * ```
 */
export function sequentialIds(start = 1): () => string {
  if (!Number.isSafeInteger(start) || start < 0) {
    throw ValidationError.of('sequentialIds', 'start', 'invalid_start', 'start must be a non-negative safe integer');
  }
  let next = start;
  return () => {
    const hex = (next++).toString(16).padStart(18, '0');
    return `00000000-0000-7${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${hex.slice(6)}`;
  };
}
