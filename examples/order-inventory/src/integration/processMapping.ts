import { type Message, ProcessInstance, type ProcessInstanceProps } from 'tactical-ddd/cqrs';
import type { SnapshotMapping } from 'tactical-ddd/postgres';
import * as z from 'zod';
import type { FulfilmentState } from './OrderFulfilment.js';

/**
 * `ProcessInstance` has no public way to rebuild a stored run, so a subclass reaches its
 * (protected) constructor. Runs keep their state, status, handled event ids and compensations.
 */
class StoredProcessInstance<TState> extends ProcessInstance<TState> {
  static restore<TState>(id: string, props: ProcessInstanceProps<TState>): ProcessInstance<TState> {
    return new StoredProcessInstance(id, props);
  }
}

const RunDocument = z.strictObject({
  process: z.string(),
  state: z.object({ orderId: z.string().nullable(), step: z.enum(['reserving', 'reserved', 'compensated']) }),
  status: z.enum(['running', 'completed', 'compensated']),
  handled: z.array(z.string()),
  compensations: z.array(z.looseObject({ type: z.string(), id: z.string(), payload: z.unknown() })),
  reason: z.string().optional(),
});
type RunDocument = z.infer<typeof RunDocument>;

export const fulfilmentMapping: SnapshotMapping<ProcessInstance<FulfilmentState>, RunDocument> = {
  schema: RunDocument,
  toSnapshot: (run) => {
    const { reason, ...rest } = run.props;
    return {
      ...(JSON.parse(JSON.stringify(rest)) as Omit<RunDocument, 'reason'>),
      ...(reason === undefined ? {} : { reason }),
    };
  },
  fromSnapshot: (doc, { id }) => {
    const { reason, compensations, ...rest } = doc;
    return StoredProcessInstance.restore<FulfilmentState>(id, {
      ...rest,
      state: { ...rest.state },
      handled: [...rest.handled],
      compensations: compensations as unknown as Message[],
      ...(reason === undefined ? {} : { reason }),
    });
  },
};
