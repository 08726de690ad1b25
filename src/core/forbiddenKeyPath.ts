/**
 * Finds the first own key named `__proto__`, `constructor` or `prototype` in the plain objects and
 * arrays of `input` (such keys come from `JSON.parse` of hostile input), and returns its path.
 * @internal
 */
export function forbiddenKeyPath(input: unknown): PropertyKey[] | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const found = forbiddenKeyPath(input[i]);
      if (found !== undefined) return [i, ...found];
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return undefined;
  if (Object.hasOwn(input, '__proto__')) return ['__proto__'];
  for (const key in input) {
    if (key === 'constructor' || key === 'prototype') return [key];
    const value = (input as Record<string, unknown>)[key];
    if (typeof value === 'object' && value !== null) {
      const found = forbiddenKeyPath(value);
      if (found !== undefined) return [key, ...found];
    }
  }
  return undefined;
}
