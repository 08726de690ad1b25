import { deepEqual } from './deepEqual.js';

type Equals = (a: Record<string, unknown>, b: Record<string, unknown>) => boolean;

/**
 * Builds a comparison of two records over known keys: identical values are equal at once, others
 * go through {@link deepEqual}. Like zod, it compiles straight-line code when the platform allows
 * `new Function` (key names are embedded as JSON string literals), and loops otherwise.
 * @internal
 */
export function compileEquals(keys: readonly string[]): Equals {
  const loop: Equals = (a, b) => {
    for (const key of keys) {
      const left = a[key];
      const right = b[key];
      if (left !== right && !deepEqual(left, right)) return false;
    }
    return true;
  };
  if (keys.length === 0) return () => true;
  try {
    const body = keys
      .map((key) => {
        const k = JSON.stringify(key);
        return `(a[${k}] === b[${k}] || deepEqual(a[${k}], b[${k}]))`;
      })
      .join(' && ');
    const compiled = new Function('deepEqual', `return function equals(a, b) { return ${body}; };`)(
      deepEqual,
    ) as Equals;
    return compiled({}, {}) === true ? compiled : loop;
  } catch {
    return loop; // no eval (CSP): the loop gives the same answers
  }
}
