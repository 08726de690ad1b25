import type * as z from 'zod';
import type { DeepReadonly } from '../core/DeepReadonly.js';
import type { DomainEvent } from '../core/DomainEvent.js';
import type { EventCreator, EventOf } from '../core/defineEvent.js';
import type { Repository } from '../core/Repository.js';
import { ValidationError } from '../core/ValidationError.js';
import type { DispatchOptions } from './DispatchOptions.js';
import type { Command, Message } from './Message.js';
import { ProcessInstance, type ProcessStatus } from './ProcessInstance.js';

/**
 * What a process manager sends commands through: a `CommandBus`, or anything with its `dispatch`.
 *
 * @example
 * ```ts
 * const sender: CommandSender = commandBus;
 * ```
 */
export interface CommandSender {
  /** Dispatches `command`, with the options (such as `causedBy`) of the event that caused it. */
  dispatch<TResult>(command: Command<string, unknown, TResult>, options?: DispatchOptions): Promise<TResult>;
}

/**
 * The options of a {@link ProcessManager}.
 *
 * @example
 * ```ts
 * new ProcessManager({ name: 'OrderFulfilment', repository, commandBus, initialState: () => ({ step: 'started' }) });
 * ```
 */
export interface ProcessManagerOptions<TState> {
  /** The process's name, for errors and subscriber names (`'OrderFulfilment'`). */
  readonly name: string;
  /** Where each run's state is kept, by correlation id (one repository per process manager): a restart loses nothing. */
  readonly repository: Repository<ProcessInstance<TState>, string>;
  /** Where its commands go. */
  readonly commandBus: CommandSender;
  /** The state of a run that just started. */
  readonly initialState: () => TState;
}

/**
 * The options of {@link ProcessContext.send}.
 *
 * @example
 * ```ts
 * await process.send(ReserveStock(input), { compensation: ReleaseStock(input) });
 * ```
 */
export interface SendOptions {
  /** The command that undoes this one: recorded once this one succeeded, run by `compensate`. */
  readonly compensation?: Command;
}

/**
 * What a process handler works with: the run's state and status, and the commands it can send.
 * Commands carry the run's correlation id and the handled event's id as causation id.
 *
 * @example
 * ```ts
 * manager.on(StockReservationFailed, async (event, process: ProcessContext<State>) => {
 *   await process.compensate(event.payload.reason);
 * });
 * ```
 */
export interface ProcessContext<TState> {
  /** The run's id: the correlation id of its conversation. */
  readonly correlationId: string;
  /** The run's current state. */
  readonly state: DeepReadonly<TState>;
  /** Where the run stands. */
  readonly status: ProcessStatus;
  /** Replaces the run's state (saved when the handler returns). */
  setState(state: TState): void;
  /**
   * Dispatches a command caused by the handled event and resolves to its result.
   *
   * @param command - The command.
   * @param options - Its compensating command, if it has one.
   * @returns The command handler's result.
   * @throws whatever the command's dispatch threw; nothing is recorded for it.
   */
  send<TResult>(command: Command<string, unknown, TResult>, options?: SendOptions): Promise<TResult>;
  /**
   * Runs the recorded compensations, newest first, and ends the run as `'compensated'`.
   *
   * @param reason - Why, kept with the run.
   */
  compensate(reason: string): Promise<void>;
  /** Ends the run as `'completed'`: later events of the conversation are ignored. */
  complete(): void;
}

/**
 * A process manager's reaction to one event type.
 *
 * @example
 * ```ts
 * const onReserved: ProcessHandler<StockReserved, State> = (_event, process) => process.complete();
 * ```
 */
export type ProcessHandler<TEvent extends DomainEvent, TState> = (
  event: TEvent,
  process: ProcessContext<TState>,
) => void | Promise<void>;

interface Route<TState> {
  readonly starts: boolean;
  readonly handler: ProcessHandler<DomainEvent, TState>;
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
 * the events' correlation id in a repository (so a restart loses nothing), sends commands, and
 * compensates: each command may record a compensating command, and `compensate` runs them newest
 * first. A redelivered event (same id) is ignored; events of one run are handled one at a time.
 * A handler that throws saves nothing, and its error reaches the event bus's error reporting; the
 * event is delivered again (the outbox relay retries it), so commands it sent before failing may be
 * sent twice: command handlers must be idempotent, as with any at-least-once delivery.
 *
 * @typeParam TState - The process's own state.
 *
 * @example
 * ```ts
 * const fulfilment = new ProcessManager<{ step: 'reserving' | 'done' }>({
 *   name: 'OrderFulfilment',
 *   repository: new InMemoryRepository({ name: 'OrderFulfilment' }),
 *   commandBus,
 *   initialState: () => ({ step: 'reserving' }),
 * })
 *   .startsOn(OrderConfirmed, async (event, process) => {
 *     await process.send(ReserveStock({ orderId: event.aggregateId }), {
 *       compensation: CancelOrder({ orderId: event.aggregateId, reason: 'out of stock' }),
 *     });
 *   })
 *   .on(StockReservationFailed, (event, process) => process.compensate(event.payload.reason))
 *   .on(StockReserved, (event, process) => {
 *     process.setState({ step: 'done' });
 *     process.complete();
 *   });
 * fulfilment.subscribe(eventBus);
 * ```
 */
export class ProcessManager<TState> {
  /** The process's name. */
  readonly name: string;
  private readonly repository: Repository<ProcessInstance<TState>, string>;
  private readonly commandBus: CommandSender;
  private readonly initialState: () => TState;
  private readonly routes = new Map<string, Route<TState>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  /** @param options - Its name, repository, command bus and initial state. */
  constructor(options: ProcessManagerOptions<TState>) {
    this.name = options.name;
    this.repository = options.repository;
    this.commandBus = options.commandBus;
    this.initialState = options.initialState;
  }

  /**
   * Handles `event` by starting a run when there is none for its correlation id yet.
   *
   * @param event - The event creator.
   * @param handler - The reaction.
   * @returns This process manager, for chaining.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the event type already has a handler.
   */
  startsOn<TCreator extends EventCreator<string, z.ZodType>>(
    event: TCreator,
    handler: ProcessHandler<EventOf<TCreator>, TState>,
  ): this {
    return this.route(event.type, true, handler as unknown as ProcessHandler<DomainEvent, TState>);
  }

  /**
   * Handles `event` in a running run; ignored when no run has its correlation id.
   *
   * @param event - The event creator.
   * @param handler - The reaction.
   * @returns This process manager, for chaining.
   * @throws {@link "tactical-ddd".ValidationError | ValidationError} when the event type already has a handler.
   */
  on<TCreator extends EventCreator<string, z.ZodType>>(
    event: TCreator,
    handler: ProcessHandler<EventOf<TCreator>, TState>,
  ): this {
    return this.route(event.type, false, handler as unknown as ProcessHandler<DomainEvent, TState>);
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
    const run = previous.then(() => this.process(route, event, correlationId));
    const tail = run.catch(() => undefined);
    this.queues.set(correlationId, tail);
    void tail.then(() => {
      if (this.queues.get(correlationId) === tail) this.queues.delete(correlationId);
    });
    return run;
  }

  private route(type: string, starts: boolean, handler: ProcessHandler<DomainEvent, TState>): this {
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

  private async process(route: Route<TState>, event: DomainEvent, correlationId: string): Promise<void> {
    let instance = await this.repository.findById(correlationId);
    if (instance === undefined) {
      if (!route.starts) return;
      instance = ProcessInstance.start(this.name, correlationId, this.initialState());
    }
    if (instance.props.process !== this.name) {
      throw ValidationError.of(
        `${this.name} process`,
        'repository',
        'foreign_process',
        `Run ${correlationId} belongs to ${instance.props.process}: give each process manager its own repository`,
      );
    }
    if (instance.props.status !== 'running' || instance.hasHandled(event.id)) return;
    let state = instance.props.state as TState;
    let status: ProcessStatus = 'running';
    let reason: string | undefined;
    let compensations: Message[] = [...(instance.props.compensations as readonly Message[])];
    const cause = { causedBy: event };
    const commandBus = this.commandBus;
    await route.handler(event, {
      correlationId,
      get state() {
        return state as DeepReadonly<TState>;
      },
      get status() {
        return status;
      },
      setState(next) {
        state = next;
      },
      async send<TResult>(command: Command<string, unknown, TResult>, options: SendOptions = {}) {
        const result = await commandBus.dispatch(command, cause);
        if (options.compensation !== undefined) compensations.push(options.compensation);
        return result;
      },
      async compensate(why) {
        for (const compensation of [...compensations].reverse()) {
          await commandBus.dispatch(compensation, cause);
          compensations = compensations.filter((c) => c !== compensation);
        }
        status = 'compensated';
        reason = why;
      },
      complete() {
        status = 'completed';
      },
    });
    instance.record(event.id, { state, status, compensations, reason });
    await this.repository.save(instance);
  }
}
