import { Entity } from './Entity.js';
import { ValueObject } from './ValueObject.js';

/**
 * Reads a field path (`['address', 'country']`) the way the data is stored: an entity exposes
 * `id` and its props, a value object its props, a plain object its own fields. A missing link
 * (`null`, `undefined`, an absent key) gives `undefined`. Specifications and `orderBy` share this
 * reading, so memory and SQL agree on what a path means.
 * @internal
 */
export function readField(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || value === undefined) return undefined;
    const direct = (value as Record<string, unknown>)[key];
    if (direct !== undefined) value = direct;
    else if (value instanceof Entity || value instanceof ValueObject) {
      value = (value.props as Record<string, unknown>)[key];
    } else return undefined;
  }
  return value;
}
