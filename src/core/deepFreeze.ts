/**
 * Freezes plain objects and arrays all the way down and returns the same value.
 * Instances of classes (value objects, `Decimal`, `Date`) are left as they are: value objects
 * freeze themselves and `Decimal` is immutable.
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    Object.freeze(value);
    for (const item of value) deepFreeze(item);
    return value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const key in value) deepFreeze(value[key]);
  return value;
}
