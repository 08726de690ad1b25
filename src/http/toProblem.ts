import { DomainError } from '../core/DomainError.js';
import { ValidationError } from '../core/ValidationError.js';
import type { Problem, ProblemFieldIssue } from './Problem.js';
import { internalProblem, type ProblemKind, problemKinds } from './problemKinds.js';

/**
 * The base URI of problem `type`s by default: the HTTP guide, where each code has an anchor.
 *
 * @example
 * ```ts
 * toProblem(error).type === `${defaultProblemTypeBase}core.not_found`;
 * ```
 */
export const defaultProblemTypeBase = 'https://tactical-ddd.github.io/tactical-ddd/guides/http#';

/**
 * The options of {@link toProblem}.
 *
 * @example
 * ```ts
 * const options: ToProblemOptions = { instance: '/orders/42', typeBase: 'https://api.example.com/problems/' };
 * ```
 */
export interface ToProblemOptions {
  /** The occurrence's URI, such as the request path. */
  readonly instance?: string;
  /**
   * The base URI of `type`, followed by the code (default {@link defaultProblemTypeBase}). Point it
   * at your own API's documentation to keep the types stable across library versions.
   */
  readonly typeBase?: string;
  /**
   * Problem kinds of your own error codes (your `DomainError` subclasses), or overrides of the
   * library's: their `message` becomes the `detail` when the status is below 500.
   */
  readonly kinds?: Readonly<Record<string, ProblemKind>>;
}

/**
 * Maps any thrown value to an RFC 9457 problem document: a `ValidationError` to a 400 with each
 * field, rule and message in `errors`, a `NotFoundError` to a 404, a `ConcurrencyError` to a 409, a
 * `StaleVersionError` to a 412, an `InvariantViolationError` or `CurrencyMismatchError` to a 422,
 * each with a stable `type` per error code. Anything else (a library error about configuration or
 * the database, or any other error) is a 500 with a generic detail: no message, stack or code of
 * the server's leaks to the client (log the error yourself). Framework-free: send the result as
 * JSON with {@link problemContentType} and its `status`.
 *
 * @param error - What was thrown.
 * @param options - The occurrence's URI, the base of `type`, problem kinds of your own codes.
 * @returns The problem document.
 *
 * @example
 * ```ts
 * const problem = toProblem(new NotFoundError('Order', 'o-1'), { instance: '/orders/o-1' });
 * // { type: '…#core.not_found', title: 'Not found', status: 404, detail: 'Order o-1 not found', code: 'core.not_found', entity: 'Order', id: 'o-1', instance: '/orders/o-1' }
 * ```
 */
export function toProblem(error: unknown, options: ToProblemOptions = {}): Problem {
  const base = options.typeBase ?? defaultProblemTypeBase;
  const instance = options.instance === undefined ? {} : { instance: options.instance };
  const code = error instanceof DomainError ? error.code : undefined;
  const kind = code === undefined ? undefined : (options.kinds?.[code] ?? problemKinds[code]);
  if (code === undefined || kind === undefined || kind.status >= 500) {
    const { status, title } = kind ?? internalProblem;
    return {
      type: `${base}internal`,
      title,
      status,
      detail: 'The server failed to handle the request',
      code: 'internal',
      ...instance,
    };
  }
  return {
    type: `${base}${code}`,
    title: kind.title,
    status: kind.status,
    detail: (error as DomainError).message,
    ...instance,
    code,
    ...extensions(error as DomainError),
  };
}

/** The extension members of a client error: the data a client needs to react, never more. */
function extensions(error: DomainError): Record<string, unknown> {
  if (error instanceof ValidationError) return { errors: error.issues.map(fieldIssue) };
  const fields = error as unknown as Record<string, unknown>;
  const pick = (...keys: string[]): Record<string, unknown> => {
    const picked: Record<string, unknown> = {};
    for (const key of keys)
      if (typeof fields[key] === 'string' || typeof fields[key] === 'number') picked[key] = fields[key];
    return picked;
  };
  switch (error.code) {
    case 'core.not_found':
      return pick('entity', 'id');
    case 'core.stale_version':
    case 'core.concurrency':
    case 'money.currency_mismatch':
      return pick('expected', 'actual');
    case 'core.invariant_violation':
      return pick('invariant');
    default:
      return {};
  }
}

function fieldIssue({ field, rule, message }: ProblemFieldIssue): ProblemFieldIssue {
  return { field, rule, message };
}
