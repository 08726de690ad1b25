import type { Workload } from '../harness.js';
import { coreWorkloads } from './core.js';
import { postgresWorkloads } from './postgres.js';

/** Every workload `npm run bench` knows, in the order they run. */
export const workloads: readonly Workload[] = [...coreWorkloads, ...postgresWorkloads];
