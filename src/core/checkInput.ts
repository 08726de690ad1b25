import { MAX_INPUT_DEPTH, scanInput } from './forbiddenKeyPath.js';
import { UnsupportedSchemaError } from './UnsupportedSchemaError.js';
import { ValidationError } from './ValidationError.js';

/**
 * Checks outside data before a schema reads it: a `forbidden_key` (`__proto__`, `constructor`,
 * `prototype`) or nesting deeper than {@link MAX_INPUT_DEPTH} levels (`too_deep`) is a
 * `ValidationError` naming `subject` and the path. The walk is iterative, so hostile depth cannot
 * exhaust the stack.
 * @internal
 */
export function checkInput(subject: string, input: unknown): ValidationError | undefined {
  const problem = scanInput(input);
  if (problem === undefined) return undefined;
  const { path, rule } = problem;
  const message =
    rule === 'too_deep'
      ? `Nested deeper than ${MAX_INPUT_DEPTH} levels`
      : `Key "${String(path.at(-1))}" is not allowed`;
  return new ValidationError(subject, [{ path, field: path.map(String).join('.'), rule, message }]);
}

/**
 * The error for input that threw while it was read (a getter or a `Proxy` trap that throws, or a
 * schema that overflowed the stack): a `ValidationError` with rule `unreadable`, the thrown value as
 * its `cause`. An {@link UnsupportedSchemaError} (an asynchronous validator) is no fault of the input:
 * it is thrown again as it is.
 * @internal
 */
export function unreadableInput(subject: string, error: unknown): ValidationError {
  if (error instanceof ValidationError) return error;
  if (error instanceof UnsupportedSchemaError) throw error;
  const reason = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : typeof error;
  return new ValidationError(
    subject,
    [{ path: [], field: '', rule: 'unreadable', message: `The input could not be read (${reason})` }],
    { cause: error },
  );
}
