import type { StandardSchemaV1 } from '@standard-schema/spec';
import { checkInput, unreadableInput } from '../core/checkInput.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventCreator, EventOf } from '../core/defineEvent.js';
import { type ParseResult, parseWith } from '../core/parseWith.js';
import { ValidationError } from '../core/ValidationError.js';
import type { Upcaster } from './defineUpcaster.js';

/** Any event creator, as a registry holds it. */
export type AnyCreator = EventCreator<string, StandardSchemaV1>;

/** The events a registry knows: the current ones, older schema versions, and upcasters between them. */
export interface EventRegistryDefinition<
  TCurrent extends readonly AnyCreator[],
  TLegacy extends readonly AnyCreator[] = readonly AnyCreator[],
> {
  /** The current event types, one creator per type. */
  readonly current: TCurrent;
  /** Older schema versions still present in stored streams. */
  readonly legacy?: TLegacy;
  /** How each legacy version becomes the next one. */
  readonly upcasters?: readonly Upcaster[];
}

/**
 * The event types of a system, their schema versions and upcasters: it validates events before
 * they are stored and turns stored JSON back into current, validated events.
 *
 * @typeParam TEvent - The union of the current events.
 * @typeParam TCreator - Its creators, current and legacy (their schemas tell whether it is a registry
 * of zod schemas only, as the JSON Schema drift guard needs).
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore({ registry: accountEvents });
 * const event = accountEvents.parse(JSON.parse(row.data)); // validated, upcast
 * ```
 */
export interface EventRegistry<TEvent extends DomainEvent = DomainEvent, TCreator extends AnyCreator = AnyCreator> {
  /** Every registered creator, current and legacy. */
  readonly creators: readonly TCreator[];
  /** Tells whether `(type, schemaVersion)` is registered. */
  has(type: string, schemaVersion: number): boolean;
  /**
   * Validates the payload of an event about to be stored with the schema of its type and schema
   * version (any registered version, current or legacy) and returns the parsed payload.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} for an unknown type or version, or a payload that breaks its schema
   * (fields are located under `payload`).
   */
  parsePayload(event: Pick<DomainEvent, 'type' | 'schemaVersion' | 'payload'>): unknown;
  /**
   * Validates a stored event (parsed JSON) with the schema of its version, upcasts it through the
   * chain to the current version, validates that, and returns it frozen.
   *
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} naming the field and rule, or `unknown_event_type`.
   */
  parse(json: unknown): TEvent;
  /** Serialises an event to JSON text. @throws {@link "tactical-ddd".ValidationError | ValidationError} when it is not JSON-safe. */
  serialize(event: DomainEvent): string;
  /** Parses JSON text and then {@link EventRegistry.parse}s it. @throws {@link "tactical-ddd".ValidationError | ValidationError} */
  deserialize(text: string): TEvent;
}

const key = (type: string, schemaVersion: number): string => `${type}@${schemaVersion}`;

const definitionError = (message: string): ValidationError =>
  ValidationError.of('EventRegistry', 'upcasters', 'invalid_registry', message);

/**
 * Defines the event registry of a system: its current event types, the legacy schema versions
 * still stored, and the upcasters that chain each legacy version up to the current one. It checks
 * at definition time that every legacy version reaches a current one.
 *
 * @param definition - `current` creators, `legacy` creators and `upcasters`.
 * @returns An {@link EventRegistry} whose `parse` returns the union of the current events.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`invalid_registry`) on duplicate versions, a legacy version
 * without an upcaster path, an upcaster from an unregistered version, or a cycle.
 *
 * @example
 * ```ts
 * const accountEvents = defineEventRegistry({
 *   current: [AccountOpened, MoneyDeposited],
 *   legacy: [MoneyDepositedV1],
 *   upcasters: [defineUpcaster(MoneyDepositedV1, MoneyDeposited, (old) => ({ cents: old.amount * 100 }))],
 * });
 * const event = accountEvents.deserialize(storedJson); // always the current MoneyDeposited shape
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineEventRegistry<
  const TCurrent extends readonly AnyCreator[],
  const TLegacy extends readonly AnyCreator[] = readonly [],
>(
  definition: EventRegistryDefinition<TCurrent, TLegacy>,
): EventRegistry<EventOf<TCurrent[number]>, TCurrent[number] | TLegacy[number]> {
  type TEvent = EventOf<TCurrent[number]>;
  type TCreator = TCurrent[number] | TLegacy[number];
  const byKey = new Map<string, TCreator>();
  const currentTypes = new Set<string>();
  for (const creator of definition.current) {
    if (currentTypes.has(creator.type)) throw definitionError(`${creator.type} is listed twice in current`);
    currentTypes.add(creator.type);
  }
  for (const creator of [...definition.current, ...(definition.legacy ?? [])]) {
    const k = key(creator.type, creator.schemaVersion);
    if (byKey.has(k)) throw definitionError(`${k} is registered twice`);
    byKey.set(k, creator);
  }
  const currentKeys = new Set(definition.current.map((c) => key(c.type, c.schemaVersion)));
  const upcasters = new Map<string, Upcaster>();
  for (const upcaster of definition.upcasters ?? []) {
    const from = key(upcaster.from.type, upcaster.from.schemaVersion);
    if (!byKey.has(from) || currentKeys.has(from)) throw definitionError(`upcaster from ${from}: not a legacy event`);
    if (!byKey.has(key(upcaster.to.type, upcaster.to.schemaVersion))) {
      throw definitionError(`upcaster from ${from}: its target is not registered`);
    }
    if (upcasters.has(from)) throw definitionError(`two upcasters from ${from}`);
    upcasters.set(from, upcaster);
  }
  for (const k of byKey.keys()) {
    const seen = new Set<string>();
    let at = k;
    while (!currentKeys.has(at)) {
      if (seen.has(at)) throw definitionError(`the upcasters from ${k} form a cycle`);
      seen.add(at);
      const next = upcasters.get(at);
      if (next === undefined) throw definitionError(`${k} has no upcaster path to a current version`);
      at = key(next.to.type, next.to.schemaVersion);
    }
  }

  const creatorOf = (json: unknown): AnyCreator => {
    const { type, schemaVersion } = (typeof json === 'object' && json !== null ? json : {}) as Partial<DomainEvent>;
    const creator =
      typeof type === 'string' && typeof schemaVersion === 'number' ? byKey.get(key(type, schemaVersion)) : undefined;
    if (creator !== undefined) return creator;
    const known = typeof type === 'string' && [...byKey.values()].some((c) => c.type === type);
    throw known
      ? ValidationError.of(
          String(type),
          'schemaVersion',
          'unknown_schema_version',
          `schemaVersion ${String(schemaVersion)} of ${String(type)} is not registered`,
        )
      : ValidationError.of('DomainEvent', 'type', 'unknown_event_type', `event type ${String(type)} is not registered`);
  };

  const parse = (json: unknown): TEvent => {
    let creator: AnyCreator;
    let event: DomainEvent;
    try {
      creator = creatorOf(json);
      event = creator.parse(json);
    } catch (error) {
      throw unreadableInput('DomainEvent', error); // a getter or Proxy trap of the input threw
    }
    for (;;) {
      const upcaster = upcasters.get(key(creator.type, creator.schemaVersion));
      if (upcaster === undefined) return event as TEvent;
      creator = upcaster.to;
      event = creator.parse({
        ...event,
        type: creator.type,
        schemaVersion: creator.schemaVersion,
        payload: upcaster.upcast(event.payload, event),
      });
    }
  };

  return Object.freeze({
    creators: Object.freeze([...byKey.values()]),
    has: (type: string, schemaVersion: number) => byKey.has(key(type, schemaVersion)),
    parsePayload(event: Pick<DomainEvent, 'type' | 'schemaVersion' | 'payload'>): unknown {
      let creator: AnyCreator;
      let result: ParseResult<unknown>;
      try {
        creator = creatorOf(event);
        const refused = checkInput(creator.type, { payload: event.payload });
        if (refused !== undefined) throw refused;
        result = parseWith(creator.type, creator.schema, event.payload);
      } catch (error) {
        throw unreadableInput('DomainEvent', error); // a getter or Proxy trap of the input threw
      }
      if (result.success) return result.data;
      const { error } = result;
      throw new ValidationError(
        creator.type,
        error.issues.map((issue) => ({
          ...issue,
          path: ['payload', ...issue.path],
          field: issue.field === '' ? 'payload' : `payload.${issue.field}`,
        })),
        { cause: error.cause },
      );
    },
    parse,
    serialize(event: DomainEvent): string {
      try {
        return JSON.stringify(event);
      } catch (error) {
        throw new ValidationError(
          event.type,
          [{ path: ['payload'], field: 'payload', rule: 'not_json', message: 'the event is not JSON-serialisable' }],
          { cause: error },
        );
      }
    },
    deserialize(text: string): TEvent {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new ValidationError(
          'DomainEvent',
          [{ path: [], field: '', rule: 'invalid_json', message: 'the stored event is not valid JSON' }],
          { cause: error },
        );
      }
      return parse(json);
    },
  });
}
