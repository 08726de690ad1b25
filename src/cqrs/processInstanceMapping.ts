import type { StandardSchemaV1 } from '@standard-schema/spec';
import type * as z from 'zod';
import type { SnapshotMapping } from '../core/SnapshotMapping.js';
import { ProcessInstance, type ProcessInstanceProps } from './ProcessInstance.js';

/**
 * The {@link "tactical-ddd".SnapshotMapping | SnapshotMapping} of a process manager's runs, so that any store keeps them
 * as a state-stored kind (`stateStored(name, processInstanceMapping(state))`): each run is stored as its props (process name, state, status, handled event ids,
 * recorded compensations, reason), validated on write and on read with
 * {@link "tactical-ddd/cqrs".ProcessInstance.propsSchema | ProcessInstance.propsSchema}`(state)`,
 * and rebuilt with {@link "tactical-ddd/cqrs".ProcessInstance.restore | ProcessInstance.restore}.
 * A bad stored document is a {@link "tactical-ddd".ValidationError | ValidationError} naming the field.
 *
 * @typeParam TState - The process's own state.
 * @param state - The schema of the process's state (plain JSON data): zod, or any Standard Schema v1 validator.
 * @returns The mapping to give to `stateStored`; its `schema` is a zod schema (the state's schema,
 * of any validator, embedded in it).
 *
 * @example
 * ```ts
 * const FulfilmentState = z.object({ step: z.enum(['reserving', 'reserved', 'compensated']) });
 * const store = postgresStore({
 *   client,
 *   aggregates: { fulfilments: stateStored('OrderFulfilment', processInstanceMapping(FulfilmentState)) },
 * });
 * const fulfilment = new ProcessManager({ name: 'OrderFulfilment', store, instances: (s) => s.fulfilments, initialState });
 * ```
 */
export function processInstanceMapping<TState>(state: StandardSchemaV1<unknown, TState>): SnapshotMapping<
  ProcessInstance<TState>,
  ProcessInstanceProps<TState>
> & {
  readonly schema: z.ZodType<ProcessInstanceProps<TState>>;
} {
  return {
    schema: ProcessInstance.propsSchema(state),
    toSnapshot: (run) => run.props as ProcessInstanceProps<TState>,
    fromSnapshot: (props, { id }) => ProcessInstance.restore(id, props),
  };
}
