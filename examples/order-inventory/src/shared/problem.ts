import {
  ConcurrencyError,
  InvariantViolationError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
} from 'tactical-ddd';
import { CurrencyMismatchError } from 'tactical-ddd/money';
import { match, P } from 'ts-pattern';

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: string;
  readonly [extension: string]: unknown;
}

/** The kinds of problem the APIs answer; each is a heading "Errors: <kind>" of the README. */
export const problemKinds = ['validation', 'not-found', 'stale', 'conflict', 'rule', 'internal', 'upstream'] as const;

/** A problem's `type`: the README section that explains it. */
export function problemType(kind: (typeof problemKinds)[number]): string {
  return `https://github.com/tactical-ddd/tactical-ddd/blob/main/examples/order-inventory/README.md#errors-${kind}`;
}

/**
 * Maps an error to its status and problem body: bad input 400 (naming each field and rule), a
 * missing aggregate 404, a stale `If-Match` 412, a conflicting write 409, a broken business rule 422, anything else 500
 * (without details: those go to the log).
 */
export function toProblem(error: unknown, instance: string): Problem {
  const rule = (e: InvariantViolationError | CurrencyMismatchError) => ({
    type: problemType('rule'),
    title: 'A business rule forbids this',
    status: 422,
    detail: e.message,
    instance,
    code: e.code,
  });
  return match(error)
    .returnType<Problem>()
    .with(P.instanceOf(ValidationError), (e) => ({
      type: problemType('validation'),
      title: 'The request is not valid',
      status: 400,
      detail: e.message,
      instance,
      code: e.code,
      errors: e.issues.map(({ field, rule, message }) => ({ field, rule, message })),
    }))
    .with(P.instanceOf(NotFoundError), (e) => ({
      type: problemType('not-found'),
      title: `${e.entity} not found`,
      status: 404,
      detail: e.message,
      instance,
      code: e.code,
      entity: e.entity,
      id: e.id,
    }))
    .with(P.instanceOf(StaleVersionError), (e) => ({
      type: problemType('stale'),
      title: 'The resource is not at the version you sent',
      status: 412,
      detail: e.message,
      instance,
      code: e.code,
      expectedVersion: e.expected,
      actualVersion: e.actual,
    }))
    .with(P.instanceOf(ConcurrencyError), (e) => ({
      type: problemType('conflict'),
      title: 'The resource changed meanwhile',
      status: 409,
      detail: `${e.message}: reload it and try again`,
      instance,
      code: e.code,
      expectedVersion: e.expected,
      actualVersion: e.actual,
    }))
    .with(P.instanceOf(InvariantViolationError), (e) => ({ ...rule(e), invariant: e.invariant }))
    .with(P.instanceOf(CurrencyMismatchError), rule)
    .otherwise(() => ({
      type: problemType('internal'),
      title: 'Internal error',
      status: 500,
      detail: 'The server failed to handle the request',
      instance,
      code: 'internal',
    }));
}

/** A problem document as an `application/problem+json` response. */
export function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}
