import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventCreator, EventOf } from '../core/defineEvent.js';
import type { MessagePublisher } from '../core/MessagePublisher.js';
import { EventDeliveryError, type SubscriberFailure } from './EventDeliveryError.js';

/**
 * A subscriber: a function of the event.
 *
 * @example
 * ```ts
 * const logDeposit: EventHandler<Deposited> = (event) => console.log(event.payload.amount);
 * ```
 */
export type EventHandler<TEvent extends DomainEvent> = (event: TEvent) => void | Promise<void>;

/**
 * The member of the event union `TEvent` with type `TType` (any event of that type without a union).
 *
 * @example
 * ```ts
 * type Cancelled = EventOfType<OrderEvent, 'OrderCancelled'>; // the union member with that type
 * ```
 */
export type EventOfType<TEvent extends DomainEvent, TType extends string> = [Extract<TEvent, { type: TType }>] extends [
  never,
]
  ? DomainEvent<TType>
  : Extract<TEvent, { type: TType }>;

/**
 * The options of an {@link EventBus}.
 *
 * @example
 * ```ts
 * const eventBus = new EventBus({ delivery: 'concurrent', onError: (failure) => logger.error(failure) });
 * ```
 */
export interface EventBusOptions {
  /**
   * How an event reaches its subscribers: `'sequential'` (default) awaits each in subscription
   * order before the next; `'concurrent'` starts them all at once and waits for all. Either way,
   * a failing subscriber does not stop the others, and `publish` resolves after all of them.
   */
  readonly delivery?: 'sequential' | 'concurrent';
  /**
   * Receives each subscriber failure; `publish` then resolves. Without it, `publish` rejects with
   * an {@link EventDeliveryError} listing the failures. If it throws, `publish` rejects with that.
   */
  readonly onError?: (failure: SubscriberFailure) => void | Promise<void>;
}

/**
 * The options of {@link EventBus.subscribe}.
 *
 * @example
 * ```ts
 * eventBus.subscribe(OrderConfirmed, updateOrderView, { name: 'orderView' });
 * ```
 */
export interface SubscribeOptions {
  /** The subscriber's name in failure reports. */
  readonly name?: string;
}

interface Subscriber {
  readonly name: string;
  readonly handle: EventHandler<DomainEvent>;
}

/**
 * The in-process event bus: subscribers by event type (or event creator), or to every event;
 * several per type; delivered in subscription order, one after another or concurrently. A
 * subscriber's failure never stops the others and is always reported: to `onError`, or as an
 * {@link EventDeliveryError} from `publish`. It is a `MessagePublisher`, so an outbox relay
 * publishes to it after commit.
 *
 * @typeParam TEvent - The union of the events it carries (default: any event).
 *
 * @example
 * ```ts
 * const eventBus = new EventBus<OrderEvent>({ onError: (f) => logger.error(f) });
 * eventBus.subscribe(OrderConfirmed, async (event) => {
 *   await commandBus.dispatch(ReserveStock({ orderId: event.aggregateId }), { causedBy: event });
 * });
 * eventBus.subscribe('OrderCancelled', (event) => views.markCancelled(event.aggregateId));
 * ```
 */
export class EventBus<TEvent extends DomainEvent = DomainEvent> implements MessagePublisher {
  private readonly byType = new Map<string, Subscriber[]>();
  private readonly toAll: Subscriber[] = [];
  private readonly concurrent: boolean;
  private readonly onError: ((failure: SubscriberFailure) => void | Promise<void>) | undefined;

  /** @param options - The delivery mode and a failure hook. */
  constructor(options: EventBusOptions = {}) {
    this.concurrent = options.delivery === 'concurrent';
    this.onError = options.onError;
  }

  /**
   * Subscribes `handler` to the events of one type, named by its creator or its type name.
   *
   * @param event - An event creator from `defineEvent`, or an event type name.
   * @param handler - Called with each event of that type.
   * @param options - A name for failure reports.
   * @returns A function that unsubscribes.
   */
  subscribe<TCreator extends EventCreator<TEvent['type'], StandardSchemaV1>>(
    event: TCreator,
    handler: EventHandler<EventOf<TCreator>>,
    options?: SubscribeOptions,
  ): () => void;
  subscribe<TType extends TEvent['type']>(
    event: TType,
    handler: EventHandler<EventOfType<TEvent, TType>>,
    options?: SubscribeOptions,
  ): () => void;
  subscribe(
    event: string | { readonly type: string },
    handler: EventHandler<never>,
    options: SubscribeOptions = {},
  ): () => void {
    const type = typeof event === 'string' ? event : event.type;
    let list = this.byType.get(type);
    if (list === undefined) {
      list = [];
      this.byType.set(type, list);
    }
    return this.add(list, handler as EventHandler<DomainEvent>, options, `${type}#${list.length + 1}`);
  }

  /**
   * Subscribes `handler` to every event (after the type's own subscribers), such as a logger or a
   * forwarder to a broker.
   *
   * @param handler - Called with each event.
   * @param options - A name for failure reports.
   * @returns A function that unsubscribes.
   */
  subscribeAll(handler: EventHandler<TEvent>, options: SubscribeOptions = {}): () => void {
    return this.add(this.toAll, handler as EventHandler<DomainEvent>, options, `*#${this.toAll.length + 1}`);
  }

  /**
   * Delivers one event to its subscribers and resolves when all of them have handled it.
   *
   * @param event - The event.
   * @throws {@link EventDeliveryError} when subscribers failed and there is no `onError` hook.
   */
  async publish(event: DomainEvent): Promise<void> {
    const subscribers = [...(this.byType.get(event.type) ?? []), ...this.toAll];
    if (subscribers.length === 0) return;
    const failures: SubscriberFailure[] = [];
    if (this.concurrent) {
      const settled = await Promise.allSettled(subscribers.map(async (subscriber) => subscriber.handle(event)));
      settled.forEach((outcome, i) => {
        if (outcome.status === 'rejected') {
          failures.push({ event, subscriber: (subscribers[i] as Subscriber).name, error: outcome.reason });
        }
      });
    } else {
      for (const subscriber of subscribers) {
        try {
          await subscriber.handle(event);
        } catch (error) {
          failures.push({ event, subscriber: subscriber.name, error });
        }
      }
    }
    if (failures.length === 0) return;
    if (this.onError === undefined) throw new EventDeliveryError(event, failures);
    for (const failure of failures) await this.onError(failure);
  }

  /**
   * Delivers events one after another, in order (each to all its subscribers before the next).
   *
   * @param events - The events.
   * @throws {@link EventDeliveryError} for the first event some subscriber failed on (without
   *   `onError`); the later events are not delivered.
   */
  async publishAll(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) await this.publish(event);
  }

  private add(list: Subscriber[], handle: EventHandler<DomainEvent>, options: SubscribeOptions, fallback: string) {
    const subscriber: Subscriber = { name: options.name ?? (handle.name || fallback), handle };
    list.push(subscriber);
    return (): void => {
      const index = list.indexOf(subscriber);
      if (index >= 0) list.splice(index, 1);
    };
  }
}
