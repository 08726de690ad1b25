import { AggregateRoot } from '../core/AggregateRoot.js';
import type { Message } from './Message.js';

/**
 * Where a process stands: running, completed, or compensated after a failure.
 *
 * @example
 * ```ts
 * if ((await instances.getById(correlationId)).props.status === 'compensated') notifyCustomer();
 * ```
 */
export type ProcessStatus = 'running' | 'completed' | 'compensated';

/**
 * The stored props of a {@link ProcessInstance}.
 *
 * @example
 * ```ts
 * const { state, status, compensations } = (await instances.getById(correlationId)).props;
 * ```
 */
export interface ProcessInstanceProps<TState> {
  /** The process manager's name. */
  readonly process: string;
  state: TState;
  status: ProcessStatus;
  /** The ids of the events already handled, so a redelivered event is ignored. */
  handled: string[];
  /** The compensating commands recorded so far, run in reverse order by `compensate`. */
  compensations: Message[];
  /** Why it was compensated, if it was. */
  reason?: string;
}

/**
 * The persisted state of one run of a process manager, keyed by the correlation id of its
 * conversation. Store it in any `Repository<ProcessInstance<TState>, string>`; the
 * `ProcessManager` loads, updates and saves it.
 *
 * @typeParam TState - The process's own state.
 *
 * @example
 * ```ts
 * const instances = new InMemoryRepository<ProcessInstance<FulfilmentState>, string>({ name: 'OrderFulfilment' });
 * const running = await instances.findById(correlationId);
 * running?.props.status; // 'running'
 * ```
 */
export class ProcessInstance<TState> extends AggregateRoot<string, ProcessInstanceProps<TState>> {
  /**
   * Starts a run of a process.
   *
   * @param process - The process manager's name.
   * @param correlationId - The run's id: the correlation id of its conversation.
   * @param state - Its initial state.
   * @returns A new, unsaved instance.
   */
  static start<TState>(process: string, correlationId: string, state: TState): ProcessInstance<TState> {
    return new ProcessInstance(correlationId, { process, state, status: 'running', handled: [], compensations: [] });
  }

  /** Tells whether the event with this id was already handled. */
  hasHandled(eventId: string): boolean {
    return this.state.handled.includes(eventId);
  }

  /**
   * Records the outcome of handling an event. The process manager calls it; application code
   * does not.
   *
   * @param eventId - The handled event's id.
   * @param outcome - The new state, status, compensations and reason.
   */
  record(
    eventId: string,
    outcome: {
      readonly state: TState;
      readonly status: ProcessStatus;
      readonly compensations: readonly Message[];
      readonly reason: string | undefined;
    },
  ): void {
    this.state.handled.push(eventId);
    this.state.state = outcome.state;
    this.state.status = outcome.status;
    this.state.compensations = [...outcome.compensations];
    if (outcome.reason === undefined) delete this.state.reason;
    else this.state.reason = outcome.reason;
  }
}
