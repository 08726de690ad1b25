import type { ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { DomainError, NotFoundError, ValidationError } from 'tactical-ddd';

/** An RFC 9457 problem document (`application/problem+json`). */
export interface Problem {
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly { readonly field: string; readonly rule: string; readonly message: string }[];
}

const statusOf = (error: DomainError): number => {
  if (error instanceof ValidationError) return 400;
  if (error instanceof NotFoundError) return 404;
  // A broken invariant or a concurrent change: the request conflicts with the order's state.
  if (error.code === 'core.invariant_violation' || error.code === 'core.concurrency') return 409;
  return 422;
};

/** Maps a `DomainError` to its problem document; any other error is left to Nest (a 500). */
export function toProblem(error: DomainError): Problem {
  const status = statusOf(error);
  const problem = { title: error.name, status, detail: error.message, code: error.code };
  if (!(error instanceof ValidationError)) return problem;
  return { ...problem, errors: error.issues.map(({ field, rule, message }) => ({ field, rule, message })) };
}

/** Answers every `DomainError` a controller lets through with its problem document. */
@Catch(DomainError)
export class ProblemFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    const problem = toProblem(error);
    const response = host.switchToHttp().getResponse<ServerResponse>();
    response.statusCode = problem.status;
    response.setHeader('content-type', 'application/problem+json');
    response.end(JSON.stringify(problem));
  }
}
