/**
 * Copies a value deeply, keeping prototypes, so that a stored aggregate never shares mutable state
 * with the caller's. Frozen objects (value objects, events) are shared, since they cannot change;
 * functions are shared. Objects of classes with `#private` fields cannot be copied this way.
 * @internal
 */
export function cloneDeep<T>(value: T, seen: Map<object, unknown> = new Map()): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const known = seen.get(value);
  if (known !== undefined) return known as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(cloneDeep(item, seen));
    return copy as T;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [key, item] of value) copy.set(cloneDeep(key, seen), cloneDeep(item, seen));
    return copy as T;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const item of value) copy.add(cloneDeep(item, seen));
    return copy as T;
  }
  const copy = Object.create(Object.getPrototypeOf(value)) as object;
  seen.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    if ('value' in descriptor) descriptor.value = cloneDeep(descriptor.value, seen);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy as T;
}
