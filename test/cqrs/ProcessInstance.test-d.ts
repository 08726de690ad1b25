import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  ProcessInstance,
  type ProcessInstanceProps,
  ProcessManager,
  processInstanceMapping,
} from '../../src/cqrs/index.js';
import { type SnapshotMapping, stateStored } from '../../src/index.js';
import { postgresStore, type SqlClient } from '../../src/postgres/index.js';

declare const client: SqlClient;
const State = z.object({ step: z.enum(['reserving', 'done']) });
type State = z.infer<typeof State>;

describe('ProcessInstance persistence types', () => {
  it('restores and validates props of the state type', () => {
    expectTypeOf(ProcessInstance.propsSchema(State)).toExtend<z.ZodType<ProcessInstanceProps<State>>>();
    expectTypeOf(ProcessInstance.restore<State>).returns.toEqualTypeOf<ProcessInstance<State>>();
    ProcessInstance.restore<State>('id', {
      process: 'P',
      // @ts-expect-error the state must match the run's state type
      state: { step: 'lost' },
      status: 'running',
      handled: [],
      compensations: [],
    });
  });

  it('gives a mapping whose store kind a ProcessManager of that state accepts', () => {
    const mapping = processInstanceMapping(State);
    expectTypeOf(mapping).toExtend<SnapshotMapping<ProcessInstance<State>, ProcessInstanceProps<State>>>();
    // Its schema stays a zod schema, whatever validates the state.
    expectTypeOf(mapping.schema.safeParse).returns.toHaveProperty('success');
    const store = postgresStore({
      client,
      aggregates: {
        runs: stateStored('Fulfilment', mapping),
        other: stateStored('Other', processInstanceMapping(z.object({ n: z.number() }))),
      },
    });
    new ProcessManager<State, Parameters<Parameters<typeof store.transaction>[0]>[0]>({
      name: 'Fulfilment',
      store,
      instances: (s) => s.runs,
      initialState: () => ({ step: 'reserving' }),
    });
    new ProcessManager<State, Parameters<Parameters<typeof store.transaction>[0]>[0]>({
      name: 'Fulfilment',
      store,
      // @ts-expect-error runs with another state type
      instances: (s) => s.other,
      initialState: () => ({ step: 'reserving' }),
    });
  });
});
