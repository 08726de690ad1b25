import { processInstanceMapping } from 'tactical-ddd/cqrs';
import * as z from 'zod';
import type { FulfilmentState } from './OrderFulfilment.js';

/** The fulfilment process's own state, as stored (plain JSON). */
const FulfilmentStateSchema: z.ZodType<FulfilmentState> = z.strictObject({
  orderId: z.string().nullable(),
  step: z.enum(['reserving', 'reserved', 'compensated']),
});

/**
 * How a fulfilment run is stored: the library's mapping of a `ProcessInstance` (its state, status,
 * handled event ids, recorded compensations and reason), validated on write and on read.
 */
export const fulfilmentMapping = processInstanceMapping(FulfilmentStateSchema);
