/**
 * HTTP problem responses (RFC 9457) for the library's whole error family, framework-free:
 * {@link toProblem} turns what a handler threw into a problem document with a stable `type` per
 * error code, a status, a title, a detail safe to show, and the invalid fields of a validation
 * error; a server error never leaks its message.
 *
 * @example
 * ```ts
 * import { problemContentType, toProblem } from 'tactical-ddd/http';
 *
 * const problem = toProblem(error, { instance: request.url });
 * response.status(problem.status).type(problemContentType).json(problem);
 * ```
 *
 * @module tactical-ddd/http
 */
export { type Problem, type ProblemFieldIssue, problemContentType } from './Problem.js';
export { internalProblem, type ProblemKind, problemKinds } from './problemKinds.js';
export { defaultProblemTypeBase, type ToProblemOptions, toProblem } from './toProblem.js';
