import * as z from 'zod';
import type { EventRegistry } from './EventRegistry.js';

/** The JSON Schema of every registered event payload, keyed `Type@schemaVersion`, keys sorted. */
export type EventSchemaSnapshot = Readonly<Record<string, unknown>>;

/**
 * Records the JSON Schema (zod 4's `z.toJSONSchema`, input side: what stored data must satisfy)
 * of every event type and schema version in a registry, for a committed snapshot file that
 * {@link diffEventSchemas} compares against.
 *
 * @param registry - The event registry.
 * @returns A plain object, `{ 'MoneyDeposited@2': { type: 'object', … } }`, with sorted keys.
 *
 * @example
 * ```ts
 * writeFileSync('events.schema.json', JSON.stringify(eventSchemaSnapshot(accountEvents), null, 2));
 * ```
 */
export function eventSchemaSnapshot(registry: EventRegistry): EventSchemaSnapshot {
  const entries = registry.creators.map(
    (creator) =>
      [
        `${creator.type}@${creator.schemaVersion}`,
        z.toJSONSchema(creator.schema, { io: 'input', unrepresentable: 'any' }),
      ] as const,
  );
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
