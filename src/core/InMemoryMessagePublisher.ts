import type { DomainEvent } from './DomainEvent.js';
import type { MessagePublisher } from './MessagePublisher.js';

/**
 * A {@link MessagePublisher} that keeps what it receives, for tests and prototypes: `published`
 * lists every event in the order it arrived (duplicates included, as a broker would deliver them).
 *
 * @example
 * ```ts
 * const publisher = new InMemoryMessagePublisher();
 * await outbox.publishPending((message) => publisher.publish(message.event));
 * expect(publisher.published.map((event) => event.type)).toEqual(['OrderConfirmed']);
 * ```
 */
export class InMemoryMessagePublisher implements MessagePublisher {
  private readonly received: DomainEvent[] = [];

  /** Every event published so far, in order. */
  get published(): readonly DomainEvent[] {
    return [...this.received];
  }

  async publish(event: DomainEvent): Promise<void> {
    this.received.push(event);
  }

  /** Forgets the events published so far. */
  clear(): void {
    this.received.length = 0;
  }
}
