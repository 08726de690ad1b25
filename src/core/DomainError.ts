/**
 * Base class of every error the library throws for a domain reason.
 *
 * Each subclass carries a stable, literal `code` (`'core.validation'`, `'money.currency_mismatch'`)
 * that callers can branch on without `instanceof`, and an explicit `name` that survives bundling.
 *
 * @example
 * ```ts
 * try {
 *   await orders.getById(id);
 * } catch (error) {
 *   if (error instanceof DomainError && error.code === 'core.not_found') {
 *     // answer 404
 *   }
 * }
 * ```
 */
export abstract class DomainError extends Error {
  // Subclasses `declare` their fields and assign them in the constructor (no field initialisers):
  // bundlers then keep their class names, and `name` is right in ESM and CJS alike.
  /** The stable, machine-readable code of this error, such as `'core.concurrency'`. */
  abstract readonly code: string;

  /**
   * @param message - A readable sentence that says what went wrong.
   * @param options - `cause`: the underlying error, if any.
   */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
