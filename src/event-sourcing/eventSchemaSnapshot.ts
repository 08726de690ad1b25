import * as z from 'zod';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventCreator } from '../core/defineEvent.js';
import { isZodSchema, vendorOf } from '../core/parseWith.js';
import { UnsupportedSchemaError } from '../core/UnsupportedSchemaError.js';
import type { EventRegistry } from './EventRegistry.js';

/**
 * An event registry whose payload schemas are all zod schemas: the JSON Schema drift guard reads
 * zod's schema structure, which other Standard Schema validators do not share.
 */
export type ZodEventRegistry = EventRegistry<DomainEvent, EventCreator<string, z.ZodType>>;

/** The JSON Schema of every registered event payload, keyed `Type@schemaVersion`, keys sorted. */
export type EventSchemaSnapshot = Readonly<Record<string, unknown>>;

/**
 * Records the JSON Schema (zod 4's `z.toJSONSchema`, input side: what stored data must satisfy)
 * of every event type and schema version in a registry, for a committed snapshot file that
 * {@link diffEventSchemas} compares against. It needs zod schemas: a registry with an event
 * defined by another validator is refused by the compiler, and at run time.
 *
 * @param registry - The event registry, its payload schemas all zod schemas.
 * @returns A plain object, `{ 'MoneyDeposited@2': { type: 'object', … } }`, with sorted keys.
 * @throws {@link "tactical-ddd".UnsupportedSchemaError | UnsupportedSchemaError} (`zod_only`) naming an event whose schema is not a zod schema.
 *
 * @example
 * ```ts
 * writeFileSync('events.schema.json', JSON.stringify(eventSchemaSnapshot(accountEvents), null, 2));
 * ```
 */
export function eventSchemaSnapshot(registry: ZodEventRegistry): EventSchemaSnapshot {
  const entries = registry.creators.map((creator) => {
    const key = `${creator.type}@${creator.schemaVersion}`;
    if (!isZodSchema(creator.schema)) throw new UnsupportedSchemaError(key, vendorOf(creator.schema), 'zod_only');
    return [key, z.toJSONSchema(creator.schema, { io: 'input', unrepresentable: 'any' })] as const;
  });
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
