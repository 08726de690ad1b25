import { type Clock, systemClock } from './Clock.js';
import type { DomainEvent, DraftOf } from './DomainEvent.js';
import { deepFreeze } from './deepFreeze.js';
import { Entity } from './Entity.js';
import { EMPTY_METADATA } from './emptyMetadata.js';
import { newEventId } from './newEventId.js';

/** The options every aggregate accepts in its constructor. */
export interface AggregateOptions {
  /** The version it was loaded at (0, the default, for a new aggregate). */
  readonly version?: number;
  /** The clock that stamps `occurredAt` on raised events (default {@link "tactical-ddd".systemClock | systemClock}). */
  readonly clock?: Clock;
  /** Makes event ids (default: uuid v7). Tests pass a deterministic source. */
  readonly generateId?: () => string;
}

/**
 * An aggregate root: the entity that guards a consistency boundary. Its methods check invariants
 * and record what happened as domain events (`raise`); a repository takes them once
 * (`pullEvents`) and saves them with the new state. `version` supports optimistic concurrency.
 *
 * Each raised event increments `version` and carries it as `aggregateVersion`.
 *
 * @typeParam TId - The aggregate's id type.
 * @typeParam TProps - Its props.
 * @typeParam TEvent - The union of the events it raises.
 *
 * @example
 * ```ts
 * const OrderConfirmed = defineEvent('OrderConfirmed', z.object({ lines: z.int() }));
 * type OrderEvent = EventOf<typeof OrderConfirmed>;
 *
 * class Order extends AggregateRoot<OrderId, { status: 'pending' | 'confirmed'; lines: number }, OrderEvent> {
 *   confirm(): void {
 *     if (this.state.lines === 0) throw new InvariantViolationError('order.not_empty', 'Cannot confirm an empty order');
 *     this.state.status = 'confirmed';
 *     this.raise(OrderConfirmed({ lines: this.state.lines }));
 *   }
 * }
 * ```
 */
export abstract class AggregateRoot<
  TId extends string,
  TProps extends object,
  TEvent extends DomainEvent = DomainEvent,
> extends Entity<TId, TProps> {
  private pending: TEvent[] = [];
  private currentVersion: number;
  private loadedVersion: number;
  /** The clock that stamps raised events. */
  protected readonly clock: Clock;
  private readonly generateId: () => string;

  /**
   * @param id - The aggregate's identity.
   * @param props - Its state.
   * @param options - The version it was loaded at, a clock and an event id source.
   */
  protected constructor(id: TId, props: TProps, options: AggregateOptions = {}) {
    super(id, props);
    this.currentVersion = options.version ?? 0;
    this.loadedVersion = this.currentVersion;
    this.clock = options.clock ?? systemClock;
    this.generateId = options.generateId ?? newEventId;
  }

  /** The version of the aggregate, counting the events raised since it was loaded. */
  get version(): number {
    return this.currentVersion;
  }

  /** The version the aggregate had when it was loaded or last saved: what a save expects to find. */
  get persistedVersion(): number {
    return this.loadedVersion;
  }

  /** The events raised and not yet pulled, without taking them. */
  get pendingEvents(): readonly TEvent[] {
    return this.pending;
  }

  /**
   * Records an event: stamps it with an id, this aggregate's id, the next version, the time and
   * its metadata, freezes it and keeps it until {@link "tactical-ddd".AggregateRoot.pullEvents | AggregateRoot.pullEvents}.
   *
   * @param draft - An event draft, as made by an event creator from {@link "tactical-ddd".defineEvent | defineEvent}.
   * @returns The recorded event.
   */
  protected raise(draft: DraftOf<TEvent>): TEvent {
    this.currentVersion += 1;
    const event = deepFreeze({
      id: this.generateId(),
      type: draft.type,
      schemaVersion: draft.schemaVersion,
      aggregateId: this.id,
      aggregateVersion: this.currentVersion,
      occurredAt: this.clock.now().toISOString(),
      payload: draft.payload,
      metadata: draft.metadata ?? EMPTY_METADATA,
    }) as unknown as TEvent;
    this.pending.push(event);
    return event;
  }

  /**
   * Hands out the recorded events once: a second call returns only events raised since.
   *
   * @example
   * ```ts
   * order.confirm();
   * const events = order.pullEvents(); // [OrderConfirmed]
   * order.pullEvents(); // []
   * ```
   */
  pullEvents(): readonly TEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /**
   * Records that the aggregate was saved at `version`. Repositories call it after a successful
   * save; application code does not.
   *
   * @param version - The version now stored.
   */
  markPersisted(version: number): void {
    this.currentVersion = version;
    this.loadedVersion = version;
  }
}
