import type { StandardSchemaV1 } from '@standard-schema/spec';
import { addMetadata } from '../core/addMetadata.js';
import { checkDueTime } from '../core/checkDueTime.js';
import type { DeepReadonly } from '../core/DeepReadonly.js';
import type { DomainEvent, EventDraft, EventMetadata } from '../core/DomainEvent.js';
import type { EventCreator, EventOf } from '../core/defineEvent.js';
import { newEventId } from '../core/newEventId.js';
import type { Observer } from '../core/Observer.js';
import type { OutboxCommand } from '../core/Outbox.js';
import { observe } from '../core/observe.js';
import type { SessionRepository, TransactionOptions } from '../core/Store.js';
import { ValidationError } from '../core/ValidationError.js';
import type { Command, Message } from './Message.js';
import { ProcessEndedError } from './ProcessEndedError.js';
import { ProcessInstance, type ProcessStatus } from './ProcessInstance.js';

/**
 * What a process manager runs its sessions on: a store (`inMemoryStore`, `postgresStore`), or
 * anything with the same `transaction`.
 *
 * @typeParam TSession - The store's session type.
 *
 * @example
 * ```ts
 * const runner: SessionRunner<typeof store extends SessionRunner<infer S> ? S : never> = store;
 * ```
 */
export interface SessionRunner<TSession> {
  /** Runs `work` in a session and commits it. */
  transaction<TResult>(
    work: (session: TSession) => TResult | Promise<TResult>,
    // biome-ignore lint/suspicious/noExplicitAny: any store's transaction type.
    options?: TransactionOptions<any>,
  ): Promise<TResult>;
}

/**
 * The options of a {@link ProcessManager}.
 *
 * @example
 * ```ts
 * new ProcessManager({ name: 'OrderFulfilment', store, instances: (s) => s.fulfilments, initialState: () => ({ step: 'started' }) });
 * ```
 */
export interface ProcessManagerOptions<TState, TSession> {
  /** The process's name: its runs' `process` field, and the prefix of its subscriptions. */
  readonly name: string;
  /** The store whose sessions load and commit the runs, their commands and any other change. */
  readonly store: SessionRunner<TSession>;
  /**
   * The session repository of this process manager's runs: a state-stored kind of the store (for
   * instance `stateStored('OrderFulfilment', processInstanceMapping(stateSchema))`).
   */
  readonly instances: (session: TSession) => SessionRepository<ProcessInstance<TState>, string>;
  /** The state of a new run. */
  readonly initialState: () => TState;
  /**
   * Observes each event it handles (its `deliver` hook, with the process's name as consumer), such
   * as the observer `tactical-ddd/opentelemetry` makes: the observation's metadata goes on the
   * run's session, so the commands it sends carry it.
   */
  readonly observer?: Observer;
}

/**
 * The options of {@link ProcessContext.send}.
 *
 * @example
 * ```ts
 * process.send(ReserveStock(input), { compensation: ReleaseStock(input) });
 * ```
 */
export interface SendOptions {
  /** The command that undoes this one: recorded once this one succeeded, run by `compensate`. */
  readonly compensation?: Command;
}

/**
 * What a process handler works with: the run's state and status, the session it runs in, and the
 * commands and events it can send. Everything commits together when the handler returns: the
 * run's new state, the commands (in the outbox, delivered after commit), the events published
 * and any aggregate changed through `session`; nothing does when it throws. Commands and events
 * carry the run's correlation id and the handled event's id as causation id.
 *
 * @typeParam TState - The process's own state.
 * @typeParam TSession - The store's session type.
 *
 * @example
 * ```ts
 * manager.on(StockReservationFailed, (event, process: ProcessContext<State>) => {
 *   process.compensate(event.payload.reason);
 * });
 * ```
 */
export interface ProcessContext<TState, TSession = unknown> {
  /** The run's id: the conversation's correlation id. */
  readonly correlationId: string;
  /** The run's state (replace it with `setState`). */
  readonly state: DeepReadonly<TState>;
  /** The run's status. */
  readonly status: ProcessStatus;
  /** The session the handler runs in, to load and change aggregates in the same transaction. */
  readonly session: TSession;
  /** Replaces the run's state. */
  setState(state: TState): void;
  /**
   * Sends a command through the outbox: delivered (at least once) after the session commits.
   *
   * @param command - The command.
   * @param options - Its compensating command, if it has one.
   */
  send(command: OutboxCommand, options?: SendOptions): void;
  /** Publishes an event through the outbox, after the session commits. */
  publish(event: DomainEvent): void;
  /**
   * Sends the recorded compensations, newest first, and ends the run as `'compensated'`.
   *
   * @param reason - Why, kept with the run.
   */
  compensate(reason: string): void;
  /** Ends the run as `'completed'`. */
  complete(): void;
  /**
   * Schedules a deadline: a message delivered when `at` comes, stored with this session and
   * delivered once due through the outbox, like a sent command (at least once). An event draft
   * (`PaymentDeadlinePassed({ orderId })`) becomes an event of this run (its id, the run as
   * `aggregateId`, `at` as `occurredAt`) that comes back to this process manager, which handles it
   * with `on` like any event, once; a command goes to its handler. Deadlines still to come are
   * cancelled when the run ends.
   *
   * @param at - When it falls due (a time already past is due at once).
   * @param message - An event draft or event for this process, or a command.
   * @returns The deadline's id (the message's id), for `cancel`.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `at` is not a valid `Date` between 1970 and 100 years from now.
   * @throws {@link ProcessEndedError} when the handler already ended the run.
   */
  schedule(at: Date, message: EventDraft | DomainEvent | OutboxCommand): string;
  /**
   * Cancels one of this run's deadlines: one still waiting is never delivered, and an event
   * deadline already on its way is dropped when it arrives. Unknown ids are ignored.
   *
   * @param deadlineId - The id `schedule` returned.
   */
  cancel(deadlineId: string): void;
  /** The ids of the run's deadlines still to come. */
  readonly deadlines: readonly string[];
}

/**
 * A process manager's reaction to one event type.
 *
 * @example
 * ```ts
 * const onReserved: ProcessHandler<StockReserved, State> = (_event, process) => process.complete();
 * ```
 */
export type ProcessHandler<TEvent extends DomainEvent, TState, TSession = unknown> = (
  event: TEvent,
  process: ProcessContext<TState, TSession>,
) => void | Promise<void>;

interface Route<TState, TSession> {
  readonly starts: boolean;
  readonly handler: ProcessHandler<DomainEvent, TState, TSession>;
}

/**
 * Anything with `subscribe(type, handler, { name })`, such as an `EventBus`.
 *
 * @example
 * ```ts
 * manager.subscribe(eventBus); // an EventBus is an EventSource
 * ```
 */
export interface EventSource {
  /** Subscribes `handler` to events of `type` under `name`; returns a function that unsubscribes. */
  subscribe(
    type: string,
    handler: (event: DomainEvent) => Promise<void>,
    options: { readonly name: string },
  ): () => void;
}

/**
 * A process manager (saga): reacts to events of one conversation, keeps its own state keyed by
 * the events' correlation id in a store (so a restart loses nothing), sends commands, and
 * compensates: each command may record a compensating command, and `compensate` sends them newest
 * first. Each event is handled in one session of the store: the run's state, the events it has
 * handled, the commands it sends (through the outbox) and whatever it changes through
 * `process.session` commit together, or not at all, so a crash at any point leaves them agreeing.
 * A redelivered event (same id) is ignored; events of one run are handled one at a time (and a
 * concurrent handler elsewhere loses with a `ConcurrencyError`, so the event is delivered again).
 *
 * @typeParam TState - The process's own state.
 * @typeParam TSession - The store's session type.
 *
 * @example
 * ```ts
 * const store = inMemoryStore({
 *   aggregates: { fulfilments: stateStored('OrderFulfilment', processInstanceMapping(FulfilmentState)) },
 * });
 * const fulfilment = new ProcessManager({
 *   name: 'OrderFulfilment',
 *   store,
 *   instances: (s) => s.fulfilments,
 *   initialState: (): { step: 'reserving' | 'done' } => ({ step: 'reserving' }),
 * })
 *   .startsOn(OrderConfirmed, (event, process) => {
 *     process.send(ReserveStock({ orderId: event.aggregateId }), {
 *       compensation: CancelOrder({ orderId: event.aggregateId, reason: 'out of stock' }),
 *     });
 *   })
 *   .on(StockReservationFailed, (event, process) => process.compensate(event.payload.reason))
 *   .on(StockReserved, (_event, process) => {
 *     process.setState({ step: 'done' });
 *     process.complete();
 *   });
 * fulfilment.subscribe(eventBus);
 * ```
 */
export class ProcessManager<TState, TSession = unknown> {
  /** The process's name. */
  readonly name: string;
  private readonly store: SessionRunner<TSession>;
  private readonly instances: (session: TSession) => SessionRepository<ProcessInstance<TState>, string>;
  private readonly initialState: () => TState;
  private readonly routes = new Map<string, Route<TState, TSession>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly observer: Observer | undefined;

  /**
   * @param options - The name, the store, where its runs live, and the initial state.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when `name` is empty or `store` has no `transaction`.
   */
  constructor(options: ProcessManagerOptions<TState, TSession>) {
    if (typeof options?.name !== 'string' || options.name.length === 0) {
      throw ValidationError.of(
        'ProcessManagerOptions',
        'name',
        'invalid_name',
        'a process manager needs a non-empty name',
      );
    }
    if (typeof options.store?.transaction !== 'function' || typeof options.instances !== 'function') {
      throw ValidationError.of(
        'ProcessManagerOptions',
        'store',
        'required',
        'a process manager needs a store and the session repository of its runs (instances)',
      );
    }
    this.name = options.name;
    this.store = options.store;
    this.instances = options.instances;
    this.initialState = options.initialState;
    this.observer = options.observer;
  }

  /**
   * Handles `event` by starting a run when there is none for its correlation id yet.
   *
   * @param event - The event creator.
   * @param handler - The reaction.
   * @returns This process manager, for chaining.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the event type already has a handler.
   */
  startsOn<TCreator extends EventCreator<string, StandardSchemaV1>>(
    event: TCreator,
    handler: ProcessHandler<EventOf<TCreator>, TState, TSession>,
  ): this {
    return this.route(event.type, true, handler as unknown as ProcessHandler<DomainEvent, TState, TSession>);
  }

  /**
   * Handles `event` in a running run; ignored when no run has its correlation id.
   *
   * @param event - The event creator.
   * @param handler - The reaction.
   * @returns This process manager, for chaining.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the event type already has a handler.
   */
  on<TCreator extends EventCreator<string, StandardSchemaV1>>(
    event: TCreator,
    handler: ProcessHandler<EventOf<TCreator>, TState, TSession>,
  ): this {
    return this.route(event.type, false, handler as unknown as ProcessHandler<DomainEvent, TState, TSession>);
  }

  /**
   * Subscribes this process manager to the event types it handles.
   *
   * @param eventBus - An `EventBus` (or anything with the same `subscribe`).
   * @returns A function that unsubscribes it.
   */
  subscribe(eventBus: EventSource): () => void {
    const stops = [...this.routes.keys()].map((type) =>
      eventBus.subscribe(type, (event) => this.handle(event), { name: `${this.name}.${type}` }),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  /**
   * Handles one event: loads (or starts) the run of its correlation id, runs the reaction, and
   * saves the run. Events of types it does not handle are ignored.
   *
   * @param event - The event.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the event has no `metadata.correlationId`, or when the
   *   repository holds a run of another process manager under that id.
   * @throws whatever the reaction or the repository threw; nothing is saved then.
   */
  handle(event: DomainEvent): Promise<void> {
    const route = this.routes.get(event.type);
    if (route === undefined) return Promise.resolve();
    const correlationId = event.metadata.correlationId;
    if (typeof correlationId !== 'string' || correlationId.length === 0) {
      return Promise.reject(
        ValidationError.of(
          `${this.name} event ${event.type}`,
          'metadata.correlationId',
          'required',
          'A process manager only handles events with a correlationId',
        ),
      );
    }
    const previous = this.queues.get(correlationId) ?? Promise.resolve();
    const run = previous.then(async () => {
      await this.observed(route, event, correlationId);
    });
    const tail = run.catch(() => undefined);
    this.queues.set(correlationId, tail);
    void tail.then(() => {
      if (this.queues.get(correlationId) === tail) this.queues.delete(correlationId);
    });
    return run;
  }

  private route(type: string, starts: boolean, handler: ProcessHandler<DomainEvent, TState, TSession>): this {
    if (this.routes.has(type)) {
      throw ValidationError.of(
        `${this.name} process`,
        'event',
        'duplicate_handler',
        `${type} already has a handler in ${this.name}`,
      );
    }
    this.routes.set(type, { starts, handler });
    return this;
  }

  /** Processes the event under the observer's `deliver` hook, if any. */
  private observed(route: Route<TState, TSession>, event: DomainEvent, correlationId: string): Promise<unknown> {
    const { observer } = this;
    const hook = observer?.deliver;
    if (hook === undefined) return this.process(route, event, correlationId);
    return observe(
      this.name,
      () => hook.call(observer, { consumer: this.name, event, attempts: 1 }),
      (extra) => this.process(route, extra === undefined ? event : addMetadata(event, extra), correlationId),
      (status) => status,
    );
  }

  private process(
    route: Route<TState, TSession>,
    event: DomainEvent,
    correlationId: string,
  ): Promise<'handled' | 'duplicate'> {
    return this.store.transaction(
      async (session) => {
        const runs = this.instances(session);
        let instance = await runs.find(correlationId);
        if (instance === undefined) {
          if (!route.starts) return 'handled';
          instance = ProcessInstance.start(this.name, correlationId, this.initialState());
          runs.add(instance);
        }
        if (instance.props.process !== this.name) {
          throw ValidationError.of(
            `${this.name} process`,
            'instances',
            'foreign_process',
            `Run ${correlationId} belongs to ${instance.props.process}: give each process manager its own aggregate kind`,
          );
        }
        if (instance.props.status !== 'running') return 'handled';
        if (instance.hasHandled(event.id)) return 'duplicate';
        let deadlines = [...instance.deadlines];
        if (event.metadata[DEADLINE_OF] === this.name) {
          // A deadline of this run that was cancelled (or handled) while on its way: drop it.
          if (!deadlines.includes(event.id)) return 'duplicate';
          deadlines = deadlines.filter((id) => id !== event.id);
        }
        const outbox = session as unknown as {
          send(command: OutboxCommand): void;
          publish(event: DomainEvent): void;
          schedule(at: Date, message: OutboxCommand | DomainEvent): string;
          cancel(messageId: string): void;
        };
        const name = this.name;
        let state = instance.props.state as TState;
        let status: ProcessStatus = 'running';
        let reason: string | undefined;
        let compensations: Message[] = [...(instance.props.compensations as readonly Message[])];
        await route.handler(event, {
          correlationId,
          session,
          get state() {
            return state as DeepReadonly<TState>;
          },
          get status() {
            return status;
          },
          setState(next) {
            state = next;
          },
          send(command, options: SendOptions = {}) {
            outbox.send(command);
            if (options.compensation !== undefined) compensations.push(options.compensation);
          },
          publish(raised) {
            outbox.publish(raised);
          },
          compensate(why) {
            for (const compensation of [...compensations].reverse()) outbox.send(compensation);
            compensations = [];
            status = 'compensated';
            reason = why;
          },
          complete() {
            status = 'completed';
          },
          schedule(at, message) {
            if (status !== 'running') throw new ProcessEndedError(name, correlationId, status);
            const id = outbox.schedule(at, deadlineMessage(name, correlationId, at, message));
            deadlines.push(id);
            return id;
          },
          cancel(deadlineId) {
            outbox.cancel(deadlineId);
            deadlines = deadlines.filter((id) => id !== deadlineId);
          },
          get deadlines() {
            return [...deadlines];
          },
        });
        if (status !== 'running') {
          // An ended run has no future: its deadlines still to come are cancelled with it.
          for (const id of deadlines) outbox.cancel(id);
          deadlines = [];
        }
        instance.record(event.id, { state, status, compensations, reason, deadlines });
        return 'handled';
      },
      { metadata: { ...withoutDeadlineMark(event.metadata), correlationId, causationId: event.id } },
    );
  }
}

/** The metadata key that marks an event deadline with the name of the process manager it returns to. */
const DEADLINE_OF = 'deadlineOf';

/** The metadata of a handled event for what its handler sends: a deadline's mark stays on the deadline. */
function withoutDeadlineMark(metadata: EventMetadata): EventMetadata {
  if (!(DEADLINE_OF in metadata)) return metadata;
  const { [DEADLINE_OF]: _mark, ...rest } = metadata;
  return rest;
}

/**
 * The message a process schedules: a command as given; an event (or draft) as an event of the run,
 * marked as one of this process manager's deadlines.
 */
function deadlineMessage(
  process: string,
  correlationId: string,
  at: Date,
  message: EventDraft | DomainEvent | OutboxCommand,
): OutboxCommand | DomainEvent {
  const candidate = (typeof message === 'object' && message !== null ? message : {}) as Partial<DomainEvent>;
  if (!('schemaVersion' in candidate)) return message as OutboxCommand;
  const occurredAt = checkDueTime(`${process} deadline`, at, Date.now());
  const metadata = { ...(candidate.metadata ?? {}), [DEADLINE_OF]: process };
  if (typeof candidate.id === 'string' && typeof candidate.aggregateId === 'string') {
    return { ...(candidate as DomainEvent), metadata };
  }
  return {
    id: newEventId(),
    type: candidate.type as string,
    schemaVersion: candidate.schemaVersion as number,
    aggregateId: correlationId,
    aggregateVersion: 0,
    occurredAt,
    payload: candidate.payload,
    metadata,
  };
}
