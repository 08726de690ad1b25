import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import type { EventRegistry } from './EventRegistry.js';
import { isFrozenJson, toJsonValue } from './toJsonValue.js';

/**
 * Validates an event's payload with the registry, locating issues in the appended batch
 * (`events.1.payload.cents`). Shared by every event store so they reject bad input alike.
 *
 * The schema checks the payload's JSON form, which is what the store keeps and what the schema
 * reads back: an event made by its creator holds the schema's output, which for a transforming
 * schema (`Money.schema`, a `Date` codec) is not what the schema accepts as input.
 * @internal
 */
export function parsePayloadAt(registry: EventRegistry, event: DomainEvent, index: number): unknown {
  try {
    return registry.parsePayload({ type: event.type, schemaVersion: event.schemaVersion, payload: jsonForm(event) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      'appendToStream',
      error.issues.map((issue) => ({
        ...issue,
        path: ['events', index, ...issue.path],
        field: issue.field === '' ? `events.${index}` : `events.${index}.${issue.field}`,
      })),
      { cause: error },
    );
  }
}

/** The payload as JSON carries it (`toJSON` honoured), or as it is when JSON cannot carry it: the schema then says why. */
function jsonForm(event: DomainEvent): unknown {
  if (isFrozenJson(event.payload)) return event.payload;
  try {
    return toJsonValue(event.payload);
  } catch {
    return event.payload;
  }
}
