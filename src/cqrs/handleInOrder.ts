import type { DomainEvent } from '../core/DomainEvent.js';
import {
  type Delivery,
  type DeliveryOptions,
  type DeliveryOutcome,
  handleDeliveries,
  handleDelivery,
} from './handleDelivery.js';

/** What the handlers after a failing delivery of an ordered batch throw: they never ran. */
const HELD_BACK: Error = /*@__PURE__*/ new Error('held back behind an earlier delivery that failed');

/**
 * Handles deliveries as {@link handleDeliveries} does, in order and without letting one overtake
 * another: once a handler fails, the handlers of the deliveries after it in the batch do not run
 * (their savepoints roll back). Resolves with the outcomes of the deliveries up to and including
 * the first whose handler failed (or the first, when the transaction failed as a whole); the deliveries after it are left out (held back: the caller
 * hands them over again once the failed one is retried or dead-lettered). An undecodable delivery
 * runs no handler, so it holds nothing back. @internal
 *
 * @param deliveries - The messages, in handling order.
 * @param options - The consumer, inbox, handler, decoder and attempt limit.
 * @returns The outcomes of a prefix of `deliveries`, in order.
 */
export async function handleInOrder<TEvent extends DomainEvent, TTransaction>(
  deliveries: readonly Delivery[],
  options: DeliveryOptions<TEvent, TTransaction>,
): Promise<DeliveryOutcome[]> {
  const only = deliveries.length === 1 ? deliveries[0] : undefined;
  if (only !== undefined) return [await handleDelivery(only.body, only.attempts, options)];
  let failed = false;
  const outcomes = await handleDeliveries(deliveries, {
    ...options,
    handler: async (event: TEvent, tx: TTransaction) => {
      if (failed) throw HELD_BACK;
      try {
        await options.handler(event, tx);
      } catch (error) {
        failed = true;
        throw error;
      }
    },
  });
  // The first handler that failed (or a transaction that failed as a whole) ends the prefix.
  const first = outcomes.findIndex(
    (outcome) => outcome.status === 'retry' || (outcome.status === 'dead_letter' && outcome.reason === 'max_attempts'),
  );
  return first === -1 ? outcomes : outcomes.slice(0, first + 1);
}
