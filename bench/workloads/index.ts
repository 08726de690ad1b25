import type { Workload } from '../harness.js';
import { addressWorkloads } from './address.js';
import { coreWorkloads } from './core.js';

/** Every workload `npm run bench` knows, in the order they run. */
export const workloads: readonly Workload[] = [...coreWorkloads, ...addressWorkloads];
