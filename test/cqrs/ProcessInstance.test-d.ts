import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { ProcessInstance, type ProcessInstanceProps, ProcessManager } from '../../src/cqrs/index.js';
import type { Repository } from '../../src/index.js';
import {
  PostgresRepository,
  processInstanceMapping,
  type SnapshotMapping,
  type SqlClient,
} from '../../src/postgres/index.js';

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

  it('gives a mapping whose repository a ProcessManager of that state accepts', () => {
    const mapping = processInstanceMapping(State);
    expectTypeOf(mapping).toEqualTypeOf<SnapshotMapping<ProcessInstance<State>, ProcessInstanceProps<State>>>();
    const runs = new PostgresRepository({ client, name: 'Fulfilment', mapping });
    expectTypeOf(runs).toExtend<Repository<ProcessInstance<State>, string>>();
    new ProcessManager<State>({
      name: 'Fulfilment',
      repository: runs,
      commandBus: { dispatch: async () => undefined as never },
      initialState: () => ({ step: 'reserving' }),
    });
    const other = new PostgresRepository({
      client,
      name: 'Other',
      mapping: processInstanceMapping(z.object({ n: z.number() })),
    });
    new ProcessManager<State>({
      name: 'Fulfilment',
      // @ts-expect-error a repository of runs with another state type
      repository: other,
      commandBus: { dispatch: async () => undefined as never },
      initialState: () => ({ step: 'reserving' }),
    });
  });
});
