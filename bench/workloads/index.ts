import type { Measurement, Workload } from '../harness.js';
import { addressWorkloads } from './address.js';
import { coreWorkloads } from './core.js';
import { cqrsWorkloads } from './cqrs.js';
import { eventSourcingMeasurements, eventSourcingWorkloads } from './event-sourcing.js';
import { messagingWorkloads } from './messaging.js';
import { moneyWorkloads } from './money.js';
import { natsWorkloads } from './nats.js';
import { outboxRelayWorkloads } from './outbox-relay.js';
import { partitionedWorkloads } from './partitioned.js';
import { postgresWorkloads } from './postgres.js';
import { shreddingWorkloads } from './shredding.js';
import { specificationWorkloads } from './specification.js';
import { writePathWorkloads } from './write-path.js';

/** Every workload `npm run bench` knows, in the order they run. */
export const workloads: readonly Workload[] = [
  ...coreWorkloads,
  ...moneyWorkloads,
  ...addressWorkloads,
  ...specificationWorkloads,
  ...cqrsWorkloads,
  ...eventSourcingWorkloads,
  ...shreddingWorkloads,
  ...postgresWorkloads,
  ...writePathWorkloads,
  ...outboxRelayWorkloads,
  ...messagingWorkloads,
  ...partitionedWorkloads,
  ...natsWorkloads,
];

/** Every measurement (figures that are not speeds, such as memory) `npm run bench` knows. */
export const measurements: readonly Measurement[] = [...eventSourcingMeasurements];
