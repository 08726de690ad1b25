/**
 * Structural equality for value-object props: primitives by `Object.is`, arrays item by item,
 * plain objects key by key (order of keys does not matter), objects with an `equals` method
 * (value objects, `Decimal`, `Money`) by that method, `Date` by time. Other class instances are
 * equal only when they are the same instance.
 * @internal
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (proto === Object.prototype || proto === null)
    return equalRecords(a as Record<string, unknown>, b as Record<string, unknown>);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  const equals = (a as { equals?: unknown }).equals;
  if (typeof equals === 'function') return equals.call(a, b) === true;
  return false;
}

function equalRecords(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}
