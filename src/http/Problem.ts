/**
 * One invalid field of a 400 problem: its path, the rule it broke and a readable message.
 *
 * @example
 * ```ts
 * const issue: ProblemFieldIssue = { field: 'items.0.quantity', rule: 'too_small', message: 'Too small: expected number to be >0' };
 * ```
 */
export interface ProblemFieldIssue {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * An RFC 9457 problem document (`application/problem+json`): `type` (a stable URI per error
 * `code`), `title`, `status`, `detail` (safe to show), `instance` when given, the error's `code`,
 * and extension members by kind of error: `errors` for validation, `entity`/`id` for not found,
 * `expected`/`actual` for version conflicts, `invariant` for a broken rule.
 *
 * @example
 * ```ts
 * const problem: Problem = {
 *   type: 'https://tactical-ddd.github.io/tactical-ddd/guides/http#core.not_found',
 *   title: 'Not found',
 *   status: 404,
 *   detail: 'Order 0199a8b2-7c1d-7e2f-8a3b-000000000000 not found',
 *   code: 'core.not_found',
 * };
 * ```
 */
export interface Problem {
  /** A URI naming the kind of problem: the base URI followed by the error's code. */
  readonly type: string;
  /** A short summary of the kind of problem, the same for every occurrence. */
  readonly title: string;
  /** The HTTP status code. */
  readonly status: number;
  /** What went wrong this time, safe to show a client (never a server error's message). */
  readonly detail?: string;
  /** A URI of this occurrence, such as the request path. */
  readonly instance?: string;
  /** The error's stable code (`'core.validation'`), or `'internal'` for a server error. */
  readonly code: string;
  /** The invalid fields of a validation problem. */
  readonly errors?: readonly ProblemFieldIssue[];
  readonly [extension: string]: unknown;
}

/**
 * The media type of a problem document, for the `Content-Type` header.
 *
 * @example
 * ```ts
 * response.setHeader('Content-Type', problemContentType);
 * ```
 */
export const problemContentType = 'application/problem+json';
