/**
 * How a problem of one error code answers: its HTTP status and title.
 *
 * @example
 * ```ts
 * const kind: ProblemKind = { status: 402, title: 'Payment required' };
 * ```
 */
export interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

/**
 * The problem kind of each client-facing error code of the library: a validation failure is a 400,
 * a missing aggregate a 404, a write that lost a race a 409, a deleted stream a 410, a stale
 * `If-Match` version a 412, a broken business rule (or personal data for a forgotten subject) a 422. Every other code (a misconfiguration, a database failure) is a
 * server error: a 500 that tells the client nothing more.
 *
 * @example
 * ```ts
 * problemKinds['core.not_found']; // { status: 404, title: 'Not found' }
 * ```
 */
export const problemKinds: Readonly<Record<string, ProblemKind>> = Object.freeze({
  'core.validation': { status: 400, title: 'The request is not valid' },
  'core.not_found': { status: 404, title: 'Not found' },
  'core.concurrency': { status: 409, title: 'The resource changed meanwhile' },
  'event_sourcing.duplicate_event': { status: 409, title: 'The event was already recorded differently' },
  'event_sourcing.stream_deleted': { status: 410, title: 'The resource was deleted' },
  'core.stale_version': { status: 412, title: 'The resource is not at the version you sent' },
  'core.invariant_violation': { status: 422, title: 'A business rule forbids this' },
  'money.currency_mismatch': { status: 422, title: 'The amounts are in different currencies' },
  'event_sourcing.subject_forgotten': { status: 422, title: 'The data subject was forgotten' },
});

/**
 * The problem kind of a server error (any error without a client-facing code).
 *
 * @example
 * ```ts
 * internalProblem.status; // 500
 * ```
 */
export const internalProblem: ProblemKind = Object.freeze({ status: 500, title: 'Internal server error' });
