import { PERSONAL, type PersonalOptions } from './personal.js';

/** A personal field of a payload schema: where it is and how its subject is found. @internal */
export interface PersonalField {
  readonly path: readonly string[];
  readonly subject: PersonalOptions['subject'];
}

interface SchemaInternals {
  readonly _zod?: { readonly def?: { readonly type?: string; readonly innerType?: unknown; readonly shape?: unknown } };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/**
 * The personal fields of a payload schema ({@link personal} marks), in the payload object and the
 * objects nested in it, looked through `optional`, `nullable`, `default` and `readonly`. Walked
 * with an explicit stack (no recursion) and a bound on the schemas visited. @internal
 */
export function personalFields(schema: unknown): readonly PersonalField[] {
  const found: PersonalField[] = [];
  const stack: { schema: unknown; path: readonly string[] }[] = [{ schema, path: [] }];
  let visited = 0;
  while (stack.length > 0 && visited++ < 10_000) {
    const { schema: at, path } = stack.pop() as { schema: unknown; path: readonly string[] };
    if (typeof at !== 'object' || at === null) continue;
    const mark = (at as { [PERSONAL]?: PersonalOptions })[PERSONAL];
    if (mark !== undefined && path.length > 0) {
      found.push({ path, subject: mark.subject });
      continue;
    }
    const def = (at as SchemaInternals)._zod?.def;
    if (def?.type !== undefined && WRAPPERS.has(def.type)) stack.push({ schema: def.innerType, path });
    else if (def?.type === 'object' && typeof def.shape === 'object' && def.shape !== null) {
      for (const [key, inner] of Object.entries(def.shape)) stack.push({ schema: inner, path: [...path, key] });
    }
  }
  return found;
}
