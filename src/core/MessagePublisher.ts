import type { DomainEvent } from './DomainEvent.js';

/**
 * Where an outbox relay sends events: the in-process `EventBus` of `tactical-ddd/cqrs`, or a
 * broker adapter. Publishing is at least once: a publisher may see the same event id again.
 *
 * @example
 * ```ts
 * const logPublisher: MessagePublisher = {
 *   async publish(event) {
 *     console.log(event.type, event.id);
 *   },
 * };
 * ```
 */
export interface MessagePublisher {
  /**
   * Publishes one event.
   *
   * @param event - The event to publish.
   * @throws whatever made the publish fail; the relay retries it later.
   */
  publish(event: DomainEvent): Promise<void>;
}
