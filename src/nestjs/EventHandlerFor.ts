import type * as z from 'zod';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventCreator, EventOf } from '../core/defineEvent.js';
import { ValidationError } from '../core/ValidationError.js';
import { EVENT_HANDLER, type EventHandlerClass, markClass } from './handlerMetadata.js';

/**
 * An event type, named by its creator (from `defineEvent`) or by its type name: what
 * {@link EventHandlerFor} takes.
 *
 * @example
 * ```ts
 * const names: EventName[] = [OrderPlaced, 'OrderCancelled'];
 * ```
 */
export type EventName = EventCreator<string, z.ZodType> | string;

/**
 * The event an {@link EventName} stands for: `EventOf` of a creator, or a `DomainEvent` of that type.
 *
 * @typeParam TName - A creator or a type name.
 *
 * @example
 * ```ts
 * type Placed = EventNamed<typeof OrderPlaced>; // EventOf<typeof OrderPlaced>
 * ```
 */
export type EventNamed<TName> =
  TName extends EventCreator<string, z.ZodType> ? EventOf<TName> : TName extends string ? DomainEvent<TName> : never;

/**
 * Marks a Nest provider class as a subscriber of one or more event types: `TacticalDddModule`
 * finds it when the application starts and subscribes its `handle(event)` method to the
 * `EventBus` (named after the class in failure reports). The relay publishes an event there only
 * after the transaction that stored it committed; a failing subscriber does not stop the others,
 * and the event is delivered again.
 *
 * @param events - Event creators from `defineEvent`, or event type names (at least one).
 * @returns A class decorator.
 * @throws {@link "tactical-ddd".ValidationError | ValidationError} when no event, or an empty type name, is given.
 *
 * @example
 * ```ts
 * @Injectable()
 * @EventHandlerFor(OrderPlaced, OrderConfirmed)
 * class OrderNotifications {
 *   async handle(event: EventOf<typeof OrderPlaced> | EventOf<typeof OrderConfirmed>) {}
 * }
 * ```
 */
export function EventHandlerFor<const TNames extends readonly [EventName, ...EventName[]]>(
  ...events: TNames
): <TClass extends EventHandlerClass<EventNamed<TNames[number]>>>(target: TClass) => void {
  const types = (events as readonly EventName[]).map((event) => (typeof event === 'string' ? event : event?.type));
  if (types.length === 0 || types.some((type) => typeof type !== 'string' || type.length === 0)) {
    throw ValidationError.of(
      'EventHandlerFor',
      'events',
      'invalid_event',
      'EventHandlerFor takes one or more event creators or non-empty event type names',
    );
  }
  return markClass(EVENT_HANDLER, Object.freeze(types));
}
