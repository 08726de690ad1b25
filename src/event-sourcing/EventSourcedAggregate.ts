import { type AggregateOptions, AggregateRoot } from '../core/AggregateRoot.js';
import { cloneDeep } from '../core/cloneDeep.js';
import type { DomainEvent, DraftOf } from '../core/DomainEvent.js';
import { InvariantViolationError } from '../core/InvariantViolationError.js';
import { ValidationError } from '../core/ValidationError.js';

/**
 * One handler per event type of `TEvent`: a missing type does not compile. A handler either
 * changes `state` in place or returns the next state.
 *
 * @typeParam TState - The aggregate's state.
 * @typeParam TEvent - The aggregate's event union.
 *
 * @example
 * ```ts
 * const accountHandlers: EventHandlers<{ balance: number }, AccountEvent> = {
 *   AccountOpened: (state) => {
 *     state.balance = 0;
 *   },
 *   MoneyDeposited: (state, e) => ({ balance: state.balance + e.payload.cents }),
 * };
 * ```
 */
export type EventHandlers<TState, TEvent extends DomainEvent> = {
  readonly [TType in TEvent['type']]: (
    state: TState,
    event: Extract<TEvent, { type: TType }>,
    // biome-ignore lint/suspicious/noConfusingVoidType: a handler that changes state in place returns nothing.
  ) => TState | undefined | void;
};

/** A stored picture of an aggregate's state at a version, as a snapshot store keeps it. */
export interface AggregateSnapshot<TState = unknown> {
  /** The version of the last event folded into `state`. */
  readonly version: number;
  readonly state: TState;
}

// biome-ignore lint/suspicious/noConfusingVoidType: as in EventHandlers.
type Handler<TState> = (state: TState, event: DomainEvent) => TState | undefined | void;

/**
 * An aggregate whose state is the fold of its events. Commands check invariants and `raise`
 * events (the same `raise` as {@link "tactical-ddd".AggregateRoot | AggregateRoot}); `raise` applies each event through the
 * matching handler of `when`, and `rehydrate` replays stored events through the same handlers, so
 * state changes only through events.
 *
 * @typeParam TId - The aggregate's id type.
 * @typeParam TState - Its state, built only by the `when` handlers.
 * @typeParam TEvent - The union of its events; `when` must handle every member.
 *
 * @example
 * ```ts
 * class Account extends EventSourcedAggregate<string, { balance: number }, AccountEvent> {
 *   protected readonly when = accountHandlers; // EventHandlers<{ balance: number }, AccountEvent>
 *   constructor(id: string, options?: AggregateOptions) {
 *     super(id, { balance: 0 }, options);
 *   }
 *   deposit(cents: number): void {
 *     this.raise(MoneyDeposited({ cents }));
 *   }
 * }
 * const account = new Account(id).rehydrate(await store.readStream(`Account-${id}`));
 * ```
 */
export abstract class EventSourcedAggregate<
  TId extends string,
  TState extends object,
  TEvent extends DomainEvent,
> extends AggregateRoot<TId, TState, TEvent> {
  /** How each event changes the state: one handler per event type. */
  protected abstract readonly when: EventHandlers<TState, TEvent>;

  /**
   * @param id - The aggregate's identity.
   * @param initialState - Its state before its first event.
   * @param options - A clock and an event id source (the version comes from the events).
   */
  protected constructor(id: TId, initialState: TState, options: AggregateOptions = {}) {
    super(id, initialState, options);
  }

  /**
   * Records an event and applies it to the state.
   *
   * @param draft - An event draft from an event creator.
   * @returns The recorded event.
   */
  protected override raise(draft: DraftOf<TEvent>): TEvent {
    const event = super.raise(draft);
    this.apply(event);
    return event;
  }

  /**
   * Replays stored events on this aggregate, in order: each must carry the next
   * `aggregateVersion`. Call it on a new aggregate, or after {@link restoreSnapshot}.
   *
   * @param events - The stored events (or recorded events from a store), oldest first.
   * @returns This aggregate, at the version of the last event.
   * @throws {@link "tactical-ddd".InvariantViolationError | InvariantViolationError} (`event_sourcing.unapplied_events`) when the aggregate
   * has raised events not yet saved.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} (`out_of_order`) when an event's version is not the next one, or
   * (`unknown_event_type`) when no handler matches it; the state is then unusable.
   */
  rehydrate(events: Iterable<TEvent>): this {
    if (this.pendingEvents.length > 0) {
      throw new InvariantViolationError(
        'event_sourcing.unapplied_events',
        `Cannot rehydrate ${this.id}: it has events that were raised and not saved`,
      );
    }
    const when = this.when as unknown as Readonly<Record<string, Handler<TState> | undefined>>;
    const list: readonly TEvent[] = Array.isArray(events) ? events : [...events];
    let state = this.state;
    let version = this.version;
    for (let i = 0; i < list.length; i++) {
      const event = list[i] as TEvent;
      const handler = when[event.type];
      if (handler === undefined) throw unknownType(event);
      if (event.aggregateVersion !== ++version) throw outOfOrder(this.id, version, event);
      const next = handler(state, event);
      if (next !== undefined) state = next;
    }
    this.state = state;
    this.markPersisted(version);
    return this;
  }

  /**
   * Takes a snapshot's state and version as the starting point; later events follow with
   * {@link rehydrate}. Override it to rebuild class instances from the snapshot's plain data.
   *
   * @param snapshot - The version and state from {@link toSnapshot}.
   * @returns This aggregate.
   * @throws {@link "tactical-ddd".InvariantViolationError | InvariantViolationError} when the aggregate already has a version or pending events.
   */
  restoreSnapshot(snapshot: AggregateSnapshot<TState>): this {
    if (this.version !== 0 || this.pendingEvents.length > 0) {
      throw new InvariantViolationError(
        'event_sourcing.snapshot_on_used_aggregate',
        `Cannot restore a snapshot on ${this.id}: it already has a version`,
      );
    }
    this.state = copyState(snapshot.state);
    this.markPersisted(snapshot.version);
    return this;
  }

  /**
   * Takes a snapshot of the state at the current version: a deep copy. Override it
   * (with {@link restoreSnapshot}) when the state holds class instances.
   *
   * @returns The version and a copy of the state.
   */
  toSnapshot(): AggregateSnapshot<TState> {
    return { version: this.version, state: cloneDeep(this.state) };
  }

  private apply(event: TEvent): void {
    const handler = (this.when as unknown as Readonly<Record<string, Handler<TState> | undefined>>)[event.type];
    if (handler === undefined) throw unknownType(event);
    const next = handler(this.state, event);
    if (next !== undefined) this.state = next;
  }
}

/** Copies plain objects and arrays even when frozen (a snapshot store may freeze them); other values via cloneDeep. */
function copyState<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyState) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return cloneDeep(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyState((value as Record<string, unknown>)[key]);
  return copy as T;
}

const outOfOrder = (id: string, expected: number, event: DomainEvent): ValidationError =>
  ValidationError.of(
    `${id} history`,
    'aggregateVersion',
    'out_of_order',
    `expected version ${expected}, found ${event.aggregateVersion} (${event.type} ${event.id})`,
  );

const unknownType = (event: DomainEvent): ValidationError =>
  ValidationError.of(event.type, 'type', 'unknown_event_type', `no handler for event type ${event.type}`);
