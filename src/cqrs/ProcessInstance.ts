import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod';
import { AggregateRoot } from '../core/AggregateRoot.js';
import { embedSchema } from '../core/embedSchema.js';
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
  /**
   * The ids of its deadlines still to come (scheduled, neither handled nor cancelled); absent
   * when there are none. They are cancelled when the run ends.
   */
  deadlines?: string[];
}

/** A recorded compensating command, as stored. */
const compensationSchema = /*@__PURE__*/ z.strictObject({
  type: z.string().min(1),
  id: z.string().min(1),
  payload: z.unknown(),
  metadata: z.looseObject({ correlationId: z.string().optional(), causationId: z.string().optional() }),
});

/**
 * The persisted state of one run of a process manager, keyed by the correlation id of its
 * conversation. Keep it as a state-stored kind of a store (`processInstanceMapping` gives the
 * mapping); the `ProcessManager` loads, updates and commits it in its sessions.
 *
 * @typeParam TState - The process's own state.
 *
 * @example
 * ```ts
 * const store = inMemoryStore({
 *   aggregates: { fulfilments: stateStored('OrderFulfilment', processInstanceMapping(FulfilmentState)) },
 * });
 * const running = await store.fulfilments.findById(correlationId);
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

  /**
   * Rebuilds a stored run from its props, as a repository does when it loads one. The `handled`
   * and `compensations` arrays are copied, so later changes to the run never reach `props` (and
   * the other way round). It does not validate: parse stored data with
   * {@link ProcessInstance.propsSchema} first. The repository then marks the run persisted at its
   * stored version.
   *
   * @param correlationId - The run's id: the correlation id of its conversation.
   * @param props - Its stored props.
   * @returns The run, at version 0 until the repository marks it persisted.
   *
   * @example
   * ```ts
   * const props = ProcessInstance.propsSchema(FulfilmentState).parse(JSON.parse(text));
   * const run = ProcessInstance.restore(correlationId, props);
   * run.markPersisted(storedVersion);
   * ```
   */
  static restore<TState>(correlationId: string, props: ProcessInstanceProps<TState>): ProcessInstance<TState> {
    const { reason, deadlines, ...rest } = props;
    return new ProcessInstance(correlationId, {
      ...rest,
      handled: [...props.handled],
      compensations: [...props.compensations],
      ...(reason === undefined ? {} : { reason }),
      ...(deadlines === undefined || deadlines.length === 0 ? {} : { deadlines: [...deadlines] }),
    });
  }

  /**
   * Makes the zod schema of a run's stored props: the process name, the state (validated by
   * `state`), the status, the handled event ids, the recorded compensations (commands:
   * `{ type, id, payload, metadata }`), the optional reason and the ids of the deadlines still to
   * come. Unknown keys are errors, so a
   * misspelt field in a stored document is reported rather than dropped. Give a schema of plain
   * JSON data (no transforms, no `Date`s): the props are stored as JSON.
   *
   * @param state - The schema of the process's own state: a zod schema, or any Standard Schema v1
   * validator (embedded in the zod schema this returns).
   * @returns The zod schema of {@link ProcessInstanceProps}.
   *
   * @example
   * ```ts
   * const FulfilmentState = z.object({ step: z.enum(['reserving', 'reserved']) });
   * const RunProps = ProcessInstance.propsSchema(FulfilmentState);
   * const checked = RunProps.safeParse(document); // ValidationError.fromZod('run', checked.error) when it fails
   * ```
   */
  static propsSchema<TState>(state: StandardSchemaV1<unknown, TState>): z.ZodType<ProcessInstanceProps<TState>> {
    // The cast only narrows `reason?: string | undefined` to `reason?: string`: JSON cannot hold undefined.
    return z.strictObject({
      process: z.string().min(1),
      state: embedSchema('process state', state),
      status: z.enum(['running', 'completed', 'compensated']),
      handled: z.array(z.string().min(1)),
      compensations: z.array(compensationSchema),
      reason: z.string().optional(),
      deadlines: z.array(z.string().min(1)).optional(),
    }) as unknown as z.ZodType<ProcessInstanceProps<TState>>;
  }

  /** The ids of the run's deadlines still to come (scheduled, neither handled nor cancelled). */
  get deadlines(): readonly string[] {
    return this.state.deadlines ?? [];
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
   * @param outcome - The new state, status, compensations, reason and deadlines still to come.
   */
  record(
    eventId: string,
    outcome: {
      readonly state: TState;
      readonly status: ProcessStatus;
      readonly compensations: readonly Message[];
      readonly reason: string | undefined;
      readonly deadlines?: readonly string[];
    },
  ): void {
    this.state.handled.push(eventId);
    this.state.state = outcome.state;
    this.state.status = outcome.status;
    this.state.compensations = [...outcome.compensations];
    if (outcome.reason === undefined) delete this.state.reason;
    else this.state.reason = outcome.reason;
    if (outcome.deadlines === undefined || outcome.deadlines.length === 0) delete this.state.deadlines;
    else this.state.deadlines = [...outcome.deadlines];
  }
}
