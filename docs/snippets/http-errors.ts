// #region problem
import { ConcurrencyError, DomainError, InvariantViolationError, NotFoundError, ValidationError } from 'tactical-ddd';

/** An RFC 9457 problem document: what an HTTP API returns with a 4xx or 5xx status. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string; // the error's stable code, for clients to switch on
  errors?: { field: string; rule: string; message: string }[];
}

/** Maps the library's errors to problem documents; anything else is a 500 that leaks nothing. */
export function toProblem(error: unknown): Problem {
  const base = (status: number, title: string, e: DomainError) => ({
    type: `https://example.com/problems/${e.code}`,
    title,
    status,
    detail: e.message,
    code: e.code,
  });
  if (error instanceof ValidationError) {
    const errors = error.issues.map(({ field, rule, message }) => ({ field, rule, message }));
    return { ...base(400, `Invalid ${error.subject}`, error), errors };
  }
  if (error instanceof NotFoundError) return base(404, `${error.entity} not found`, error);
  if (error instanceof ConcurrencyError) return base(409, 'Changed by someone else: reload and retry', error);
  if (error instanceof InvariantViolationError) return base(422, 'Refused by a business rule', error);
  if (error instanceof DomainError) return base(400, error.name, error); // CurrencyMismatchError, your own
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Something went wrong' };
}

// In any framework: catch, map, reply with `application/problem+json`.
export async function handle(run: () => Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    return { status: 200, body: await run() };
  } catch (error) {
    const problem = toProblem(error);
    return { status: problem.status, body: problem };
  }
}
// #endregion problem
