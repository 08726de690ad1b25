import { Entity } from './Entity.js';
import { ValueObject } from './ValueObject.js';

/**
 * Reads a field path (`['address', 'country']`) the way the data is stored as JSON: an entity
 * exposes `id` and its props, a value object its props, a plain object its own fields, and a value
 * with a `toJSON()` (a `Money`) the fields of its JSON form. Paths do not go into arrays (no index,
 * no `length`), strings or other primitives. A missing link (`null`, `undefined`, an absent key)
 * gives `undefined`. Specifications and `orderBy` share this reading, so memory and SQL (which
 * reads the JSON document) agree on what a path means.
 * @internal
 */
export function readField(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (value instanceof Entity || value instanceof ValueObject) {
      const direct = (value as unknown as Record<string, unknown>)[key];
      value = direct !== undefined ? direct : (value.props as Record<string, unknown>)[key];
      continue;
    }
    let fields: object = value;
    if (Object.getPrototypeOf(value) !== Object.prototype) {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        const json: unknown = toJSON.call(value);
        if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
        fields = json;
      }
    }
    value = Object.hasOwn(fields, key) ? (fields as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
