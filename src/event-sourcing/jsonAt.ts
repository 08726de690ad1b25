import { ValidationError } from '../core/ValidationError.js';
import { NotJsonError, toJsonValue } from './toJsonValue.js';

/**
 * Copies the payload or metadata of the `index`-th appended event as a JSON value; what JSON
 * cannot carry is a `ValidationError` (`not_json`) located in the batch (`events.1.payload.at`).
 * With `plain` (a store without a registry), a value JSON carries only through its `toJSON` is
 * refused as well (`registry_required`).
 * @internal
 */
export function jsonAt(value: unknown, index: number, name: 'payload' | 'metadata', plain = false): unknown {
  try {
    return toJsonValue(value, 0, plain);
  } catch (error) {
    if (!(error instanceof NotJsonError)) throw error;
    const path = ['events', index, name, ...error.path];
    throw new ValidationError('appendToStream', [
      { path, field: path.map(String).join('.'), rule: error.rule, message: error.reason },
    ]);
  }
}
