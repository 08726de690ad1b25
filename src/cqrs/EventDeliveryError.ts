import { DomainError } from '../core/DomainError.js';
import type { DomainEvent } from '../core/DomainEvent.js';

/**
 * One subscriber that failed to handle an event.
 *
 * @example
 * ```ts
 * const eventBus = new EventBus({ onError: (failure: SubscriberFailure) => logger.error(failure.subscriber, failure.error) });
 * ```
 */
export interface SubscriberFailure {
  /** The event it failed on. */
  readonly event: DomainEvent;
  /** The subscriber's name (its `name` option, else its function's name, else `'<type>#<n>'`). */
  readonly subscriber: string;
  /** What it threw. */
  readonly error: unknown;
}

/**
 * Thrown by `EventBus.publish` (when it has no `onError` hook) after every subscriber had its
 * turn, when some of them failed; `failures` lists each one with its error.
 *
 * @example
 * ```ts
 * try {
 *   await eventBus.publish(event);
 * } catch (error) {
 *   if (error instanceof EventDeliveryError) for (const f of error.failures) console.error(f.subscriber, f.error);
 * }
 * ```
 */
export class EventDeliveryError extends DomainError {
  declare readonly name: 'EventDeliveryError';
  declare readonly code: 'cqrs.event_delivery';
  /** The event that some subscribers failed to handle. */
  declare readonly event: DomainEvent;
  /** Each failed subscriber with its error, in subscription order. */
  declare readonly failures: readonly SubscriberFailure[];

  /**
   * @param event - The event.
   * @param failures - The failed subscribers (at least one); the first error is the `cause`.
   */
  constructor(event: DomainEvent, failures: readonly SubscriberFailure[]) {
    const names = failures.map((failure) => failure.subscriber).join(', ');
    super(`${failures.length} subscriber(s) failed to handle ${event.type} ${event.id}: ${names}`, {
      cause: failures[0]?.error,
    });
    this.name = 'EventDeliveryError';
    this.code = 'cqrs.event_delivery';
    this.event = event;
    this.failures = Object.freeze([...failures]);
  }
}
