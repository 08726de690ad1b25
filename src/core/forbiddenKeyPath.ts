/** How deep outside data may nest (objects and arrays) before a factory refuses it. */
export const MAX_INPUT_DEPTH = 256;

/** What {@link scanInput} found wrong with a value, and where. @internal */
export interface InputProblem {
  readonly path: PropertyKey[];
  readonly rule: 'forbidden_key' | 'too_deep';
}

/**
 * Walks the plain objects and arrays of `input` without recursion and returns the first problem:
 * an own key named `__proto__`, `constructor` or `prototype` (such keys come from `JSON.parse` of
 * hostile input), or nesting deeper than `maxDepth`. Instances of classes are not entered.
 * The walk keeps one frame per level (no path per value), so it costs about one pass.
 * @internal
 */
export function scanInput(input: unknown, maxDepth: number = MAX_INPUT_DEPTH): InputProblem | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const flat = maxDepth >= 1 ? scanFlat(input) : null;
  if (flat !== null) return flat;
  // frames[d] is the container at depth d, names[d] its keys (undefined for an array) and next[d]
  // the index of its next child: the path to the value being looked at is each frame's next - 1.
  const frames: object[] = [];
  const names: (string[] | undefined)[] = [];
  const next: number[] = [];
  const pathOf = (levels: number): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let d = 0; d < levels; d++) {
      const index = (next[d] as number) - 1;
      const own = names[d];
      path.push(own === undefined ? index : (own[index] as string));
    }
    return path;
  };
  const enter = (value: object): InputProblem | undefined => {
    let own: string[] | undefined;
    if (!Array.isArray(value)) {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      if (Object.hasOwn(value, '__proto__'))
        return { path: [...pathOf(frames.length), '__proto__'], rule: 'forbidden_key' };
      own = Object.keys(value);
    }
    if (frames.length >= maxDepth) return { path: pathOf(frames.length), rule: 'too_deep' };
    frames.push(value);
    names.push(own);
    next.push(0);
    return undefined;
  };
  const rootProblem = enter(input);
  if (rootProblem !== undefined) return rootProblem;
  while (frames.length > 0) {
    const top = frames.length - 1;
    const own = names[top];
    const index = next[top] as number;
    const container = frames[top] as Record<string | number, unknown>;
    if (index >= (own === undefined ? (container as unknown as unknown[]).length : own.length)) {
      frames.pop();
      names.pop();
      next.pop();
      continue;
    }
    next[top] = index + 1;
    const key = own === undefined ? index : (own[index] as string);
    if (key === 'constructor' || key === 'prototype') return { path: pathOf(frames.length), rule: 'forbidden_key' };
    const value = container[key];
    if (typeof value === 'object' && value !== null) {
      const problem = enter(value);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/**
 * Scans a plain object whose values are all primitives (the common shape of a value object's or a
 * command's input) in one pass over its keys, with no frames: its first problem, in the order the
 * full walk finds it, or `undefined`. Returns `null` for any other value, which the full walk takes.
 */
function scanFlat(value: object): InputProblem | undefined | null {
  if (Array.isArray(value)) return null;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  if (Object.hasOwn(value, '__proto__')) return { path: ['__proto__'], rule: 'forbidden_key' };
  for (const key in value) {
    // As in the full walk: a forbidden key is the problem before its value (or any later one) is read.
    if (key === 'constructor' || key === 'prototype') return { path: [key], rule: 'forbidden_key' };
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) return null;
  }
  return undefined;
}

/**
 * Finds the first own key named `__proto__`, `constructor` or `prototype` in the plain objects and
 * arrays of `input` (such keys come from `JSON.parse` of hostile input), and returns its path.
 * Iterative: any depth is walked without exhausting the stack.
 * @internal
 */
export function forbiddenKeyPath(input: unknown): PropertyKey[] | undefined {
  const problem = scanInput(input, Number.POSITIVE_INFINITY);
  return problem?.path;
}
