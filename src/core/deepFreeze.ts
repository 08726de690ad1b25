/**
 * Freezes plain objects and arrays all the way down and returns the same value.
 * Instances of classes (value objects, `Decimal`, `Date`) are left as they are: value objects
 * freeze themselves and `Decimal` is immutable. Iterative: any depth is frozen without
 * exhausting the stack.
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (!freezable(value)) return value;
  const pending: object[] = [value as object];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    Object.freeze(item);
    if (Array.isArray(item)) {
      for (const child of item) if (freezable(child)) pending.push(child);
    } else {
      for (const key in item) {
        const child = (item as Record<string, unknown>)[key];
        if (freezable(child)) pending.push(child);
      }
    }
  }
  return value;
}

/** A plain object or array not frozen yet. */
function freezable(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
