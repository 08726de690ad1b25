import { isUnstorableText, UNSTORABLE_MESSAGE } from '../core/storableText.js';
/** Why a value cannot be stored as JSON, and where. @internal */
export class NotJsonError {
  readonly path: PropertyKey[];
  readonly reason: string;
  /** The rule of the `ValidationError` this becomes. */
  readonly rule: 'not_json' | 'unsupported_character' | 'registry_required';
  constructor(
    path: PropertyKey[],
    reason: string,
    rule: 'not_json' | 'unsupported_character' | 'registry_required' = 'not_json',
  ) {
    this.path = path;
    this.reason = reason;
    this.rule = rule;
  }
}

const MAX_DEPTH = 64;

/**
 * Copies a value as the JSON value it stands for, frozen: strings, finite numbers, booleans,
 * null, arrays and plain objects, with `toJSON` honoured (a `Date` becomes its ISO string) and
 * `undefined` object fields left out, as `JSON.stringify` does. Anything JSON would lose or
 * mangle (bigint, NaN, Infinity, functions, symbols, `Map`, class instances without `toJSON`,
 * cycles) is refused rather than silently changed.
 *
 * With `plain`, an object with `toJSON` (a `Money`, a `Date`) is refused too (`registry_required`):
 * a store without a registry hands back the JSON it kept, so such a value would be read back in
 * another shape than it was written.
 *
 * @param value - The value to copy.
 * @param depth - How deep `value` sits (for the depth bound).
 * @param plain - Refuse values that only `toJSON` turns into JSON.
 * @returns A deep-frozen copy.
 * @throws {@link NotJsonError} with the path of the offending value.
 * @internal
 */
export function toJsonValue(value: unknown, depth = 0, plain = false): unknown {
  switch (typeof value) {
    case 'string':
      if (isUnstorableText(value))
        throw new NotJsonError([], `a string ${UNSTORABLE_MESSAGE}`, 'unsupported_character');
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw new NotJsonError([], `${value} is not a JSON number`);
    case 'object':
      break;
    default:
      throw new NotJsonError([], `a ${typeof value} is not JSON`);
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) throw new NotJsonError([], `nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  const proto = Array.isArray(value) ? Array.prototype : Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && proto !== Array.prototype) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    const name = String(proto?.constructor?.name);
    if (typeof toJSON === 'function' && plain) {
      throw new NotJsonError(
        [],
        `a ${name} would be read back as plain JSON: give the event store the events' registry so reads decode it`,
        'registry_required',
      );
    }
    if (typeof toJSON === 'function') return toJsonValue(toJSON.call(value), depth + 1);
    throw new NotJsonError([], `an instance of ${name} without toJSON is not JSON`);
  }
  let key: PropertyKey = '';
  try {
    if (Array.isArray(value)) {
      const copy = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        key = i;
        copy[i] = toJsonValue(value[i], depth + 1, plain);
      }
      return Object.freeze(copy);
    }
    const copy: Record<string, unknown> = {};
    for (const k in value) {
      const item = (value as Record<string, unknown>)[k];
      if (item === undefined) continue;
      key = k;
      if (k === '__proto__') throw new NotJsonError([], 'the key __proto__ is not allowed');
      if (isUnstorableText(k)) throw new NotJsonError([], `a key ${UNSTORABLE_MESSAGE}`, 'unsupported_character');
      copy[k] = toJsonValue(item, depth + 1, plain);
    }
    return Object.freeze(copy);
  } catch (error) {
    if (error instanceof NotJsonError) error.path.unshift(key);
    throw error;
  }
}

/**
 * Tells whether a value is already a deep-frozen JSON value (as events made by event creators
 * and raised by aggregates are), so that it can be kept without a copy.
 *
 * @param value - The value to inspect.
 * @returns `true` when every object and array in it is frozen and plain, and every leaf is JSON.
 * @internal
 */
export function isFrozenJson(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object') {
    return (
      (typeof value === 'string' && !isUnstorableText(value)) ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    );
  }
  if (value === null) return true;
  if (depth > MAX_DEPTH || !Object.isFrozen(value)) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isFrozenJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (
      key === '__proto__' ||
      isUnstorableText(key) ||
      !isFrozenJson((value as Record<string, unknown>)[key], depth + 1)
    )
      return false;
  }
  return true;
}
