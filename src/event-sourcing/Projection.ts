import type { DomainEvent } from '../core/DomainEvent.js';
import type { RecordedEvent } from './EventStore.js';

/**
 * Handlers keyed by event type, each receiving the recorded event with its typed payload. Types
 * without a handler are skipped.
 *
 * @typeParam TEvent - The event union the projection reads.
 */
export type ProjectionHandlers<TEvent extends DomainEvent> = {
  readonly [TType in TEvent['type']]?: (event: RecordedEvent<Extract<TEvent, { type: TType }>>) => void | Promise<void>;
};

/**
 * A read model fed by events: a stable `name` (its checkpoint key) and handlers by event type.
 * Delivery is at-least-once, so handlers must tolerate seeing an event twice (for example, by
 * upserting, or by remembering the last `globalPosition` applied).
 *
 * @typeParam TEvent - The event union the projection reads.
 *
 * @example
 * ```ts
 * const projection: Projection<AccountEvent> = {
 *   name: 'balances',
 *   handlers: { MoneyDeposited: (e) => console.log(e.payload.cents) },
 * };
 * ```
 */
export interface Projection<TEvent extends DomainEvent = DomainEvent> {
  readonly name: string;
  readonly handlers: ProjectionHandlers<TEvent>;
}

/**
 * Defines a projection, typing each handler's event by its key.
 *
 * @param projection - The projection's name and handlers.
 * @returns The same projection, frozen.
 * @throws `TypeError` when the name is empty.
 *
 * @example
 * ```ts
 * const balances = new Map<string, number>();
 * const accountBalances = defineProjection<AccountEvent>({
 *   name: 'account-balances',
 *   handlers: {
 *     MoneyDeposited: (event) => {
 *       balances.set(event.aggregateId, (balances.get(event.aggregateId) ?? 0) + event.payload.cents);
 *     },
 *   },
 * });
 * ```
 */
/*@__NO_SIDE_EFFECTS__*/
export function defineProjection<TEvent extends DomainEvent>(projection: Projection<TEvent>): Projection<TEvent> {
  if (typeof projection.name !== 'string' || projection.name.length === 0) {
    throw new TypeError('A projection needs a non-empty name');
  }
  return Object.freeze({ name: projection.name, handlers: Object.freeze({ ...projection.handlers }) });
}
