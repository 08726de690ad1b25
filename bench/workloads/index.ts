import type { Workload } from '../harness.js';
import { addressWorkloads } from './address.js';
import { coreWorkloads } from './core.js';
import { moneyWorkloads } from './money.js';

/** Every workload `npm run bench` knows, in the order they run (one area per line). */
export const workloads: readonly Workload[] = [...coreWorkloads, ...moneyWorkloads, ...addressWorkloads];
