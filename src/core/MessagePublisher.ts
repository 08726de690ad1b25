import type { DomainEvent } from './DomainEvent.js';
import type { OutboxCommand } from './Outbox.js';

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
  /**
   * Publishes several events at once, in order, and resolves only when the broker confirmed every
   * one of them (optional: a relay uses it when present, else calls `publish` per event). A
   * rejection says nothing about which were taken: the outbox then publishes the same events one at
   * a time with `publish` to find the one that fails, so some may reach the broker twice.
   *
   * @param events - The events, in the order to publish them.
   * @throws whatever made any of them fail.
   * @example
   * ```ts
   * const batching: MessagePublisher = {
   *   publish: (event) => broker.send([event]),
   *   publishBatch: (events) => broker.send(events), // one round trip for the whole batch
   * };
   * ```
   */
  publishBatch?(events: readonly DomainEvent[]): Promise<void>;
  /**
   * Sends a command from the outbox (optional: a relay without a `commands` option uses it for
   * messages of kind `'command'`).
   *
   * @param command - The command to deliver.
   * @throws whatever made the send fail; the relay retries it later.
   * @example
   * ```ts
   * const inProcess: MessagePublisher = {
   *   publish: (event) => eventBus.publish(event),
   *   send: (command) => commandBus.dispatch(command).then(() => undefined),
   * };
   * ```
   */
  send?(command: OutboxCommand): Promise<void>;
}
