import type * as z from 'zod';
import { ProcessInstance, type ProcessInstanceProps } from '../cqrs/ProcessInstance.js';
import type { SnapshotMapping } from '../core/SnapshotMapping.js';

/**
 * The {@link SnapshotMapping} of a process manager's runs, so that a {@link PostgresRepository}
 * keeps them: each run is stored as its props (process name, state, status, handled event ids,
 * recorded compensations, reason), validated on write and on read with
 * {@link "tactical-ddd/cqrs".ProcessInstance.propsSchema | ProcessInstance.propsSchema}`(state)`,
 * and rebuilt with {@link "tactical-ddd/cqrs".ProcessInstance.restore | ProcessInstance.restore}.
 * A bad stored document is a {@link "tactical-ddd".ValidationError | ValidationError} naming the field.
 *
 * @typeParam TState - The process's own state.
 * @param state - The zod schema of the process's state (plain JSON data).
 * @returns The mapping to give to a `PostgresRepository`.
 *
 * @example
 * ```ts
 * const FulfilmentState = z.object({ step: z.enum(['reserving', 'reserved', 'compensated']) });
 * const runs = new PostgresRepository({ client, name: 'OrderFulfilment', mapping: processInstanceMapping(FulfilmentState) });
 * const fulfilment = new ProcessManager({ name: 'OrderFulfilment', repository: runs, commandBus, initialState });
 * ```
 */
export function processInstanceMapping<TState>(
  state: z.ZodType<TState>,
): SnapshotMapping<ProcessInstance<TState>, ProcessInstanceProps<TState>> {
  return {
    schema: ProcessInstance.propsSchema(state),
    toSnapshot: (run) => run.props as ProcessInstanceProps<TState>,
    fromSnapshot: (props, { id }) => ProcessInstance.restore(id, props),
  };
}
