const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Finds the first own key named `__proto__`, `constructor` or `prototype` in plain objects and
 * arrays of `input` (such keys come from `JSON.parse` of hostile input), and returns its path.
 * @internal
 */
export function forbiddenKeyPath(input: unknown, path: readonly PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const found = forbiddenKeyPath(input[i], [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const key of Object.keys(input)) {
    if (FORBIDDEN.has(key)) return [...path, key];
    const value = (input as Record<string, unknown>)[key];
    if (typeof value === 'object' && value !== null) {
      const found = forbiddenKeyPath(value, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
