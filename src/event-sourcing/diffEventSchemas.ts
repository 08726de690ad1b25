import { deepEqual } from '../core/deepEqual.js';
import type { EventSchemaSnapshot } from './eventSchemaSnapshot.js';

/** What changed between a committed event schema snapshot and the current registry. */
export interface EventSchemaDrift {
  /** `Type@version` whose schema changed in place: stored events of it may no longer parse. */
  readonly changed: readonly string[];
  /** `Type@version` no longer registered: stored events of it can no longer be read. */
  readonly removed: readonly string[];
  /** `Type@version` new since the snapshot: record them by updating the snapshot. */
  readonly added: readonly string[];
  /** `true` when nothing was changed or removed (additions are safe). */
  readonly safe: boolean;
}

/**
 * Compares a committed event schema snapshot with the current one. A schema that changed without
 * a new `schemaVersion`, or a version dropped from the registry, breaks stored history; a new
 * version kept alongside the old one (with its upcaster) is an addition.
 *
 * @param committed - The snapshot recorded earlier.
 * @param current - {@link eventSchemaSnapshot} of the registry now.
 * @returns The changed, removed and added `Type@version` keys, and whether the change is safe.
 *
 * @example
 * ```ts
 * const drift = diffEventSchemas(JSON.parse(readFileSync(file, 'utf8')), eventSchemaSnapshot(registry));
 * if (!drift.safe) throw new Error(`changed: ${drift.changed}, removed: ${drift.removed}`);
 * ```
 */
export function diffEventSchemas(committed: EventSchemaSnapshot, current: EventSchemaSnapshot): EventSchemaDrift {
  const changed: string[] = [];
  const removed: string[] = [];
  const added: string[] = [];
  for (const key of Object.keys(committed)) {
    if (!Object.hasOwn(current, key)) removed.push(key);
    else if (!deepEqual(committed[key], current[key])) changed.push(key);
  }
  for (const key of Object.keys(current)) if (!Object.hasOwn(committed, key)) added.push(key);
  return { changed, removed, added, safe: changed.length === 0 && removed.length === 0 };
}
