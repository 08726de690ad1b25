import type { DomainEvent } from '../core/DomainEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import type { EventRegistry } from './EventRegistry.js';

/**
 * Validates an event's payload with the registry, locating issues in the appended batch
 * (`events.1.payload.cents`). Shared by every event store so they reject bad input alike.
 * @internal
 */
export function parsePayloadAt(registry: EventRegistry, event: DomainEvent, index: number): unknown {
  try {
    return registry.parsePayload(event);
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
