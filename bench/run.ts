/**
 * Runs the workloads in `bench/workloads` and prints, per workload, each contender's ops/s and
 * its ratio to the hand-written baseline measured in the same run; writes the table to
 * `bench/results/latest.json`.
 *
 *   npm run bench                 # every workload
 *   npm run bench -- money        # workloads whose name contains "money"
 *   npm run bench -- --check      # exit 1 when a contender misses its target
 *
 * A target is a minimum ratio to the hand-written baseline (`targets`), a minimum ratio to a peer
 * library measured in the same run (`peerTargets`), or, for measurements such as the memory a
 * store holds per event, a maximum figure (`max`). `--check` fails the run when any row misses.
 *
 * Each workload runs in rounds (BENCH_ROUNDS, default 3), the contenders in a different order
 * each round, and a contender's figure is the median of its rounds: a machine whose speed drifts
 * (other processes, thermal) then shifts every contender alike instead of whichever ran last.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Bench } from 'tinybench';
import type { Contender, Measurement, Workload } from './harness.js';
import { measurements, workloads } from './workloads/index.js';

interface Row {
  readonly workload: string;
  readonly contender: string;
  readonly opsPerSecond: number;
  readonly ratio: number;
  readonly target?: number;
  readonly met?: boolean;
  /** Ratios to peers this contender must match: `{ peer, ratio, target, met }`. */
  readonly vsPeers?: readonly PeerRow[];
}

interface PeerRow {
  readonly peer: string;
  readonly ratio: number;
  readonly target: number;
  readonly met: boolean;
}

interface MeasurementRow {
  readonly measurement: string;
  readonly contender: string;
  readonly value: number;
  readonly unit: string;
  readonly max?: number;
  readonly met?: boolean;
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const filters = args.filter((arg) => !arg.startsWith('--'));
const time = Number(process.env.BENCH_TIME_MS ?? 700);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

async function measure(workload: Workload): Promise<Row[]> {
  await workload.setup?.();
  try {
    return await measureReady(workload);
  } finally {
    await workload.teardown?.();
  }
}

/**
 * Whether each contender's function returns a promise, found by one call that is awaited (so it
 * also warms the contender up). Left to itself, tinybench finds out by calling a function that is
 * not an `async function` once when it is added, without awaiting it: that stray call then runs
 * alongside the measured ones (two end-to-end runs sharing a consumer group, say).
 */
async function detectAsync(contenders: readonly Contender[]): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>();
  for (const contender of contenders) {
    await contender.beforeEach?.();
    const result: unknown = contender.fn();
    const isAsync = typeof (result as { then?: unknown } | undefined)?.then === 'function';
    if (isAsync) await result;
    found.set(contender.name, isAsync);
  }
  return found;
}

async function measureReady(workload: Workload): Promise<Row[]> {
  const all = [workload.baseline, ...workload.contenders];
  const samples = new Map<string, number[]>(all.map((contender) => [contender.name, []]));
  const isAsync = await detectAsync(all);
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time,
      warmupTime: 200,
      ...(workload.iterations === undefined ? {} : { iterations: workload.iterations, warmupIterations: 1 }),
    });
    // Rotate the order, so that no contender always runs first or last.
    const order = all.map((_, i) => all[(i + round) % all.length] as (typeof all)[number]);
    for (const contender of order) {
      bench.add(contender.name, contender.fn, {
        async: isAsync.get(contender.name) ?? false,
        ...(contender.beforeEach === undefined ? {} : { beforeEach: contender.beforeEach }),
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') throw new Error(`${workload.name}/${task.name}: ${result.state}`);
      samples.get(task.name)?.push(result.throughput.mean * workload.opsPerCall);
    }
  }
  const median = (values: readonly number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };
  const opsOf = (name: string): number => {
    const values = samples.get(name);
    if (values === undefined) throw new Error(`${workload.name}: no contender named ${name}`);
    return median(values);
  };
  const base = opsOf(workload.baseline.name);
  return all.map((contender) => {
    const ops = opsOf(contender.name);
    const target = workload.targets?.[contender.name];
    const ratio = ops / base;
    const peers = Object.entries(workload.peerTargets?.[contender.name] ?? {});
    const vsPeers = peers.map(([peer, peerTarget]): PeerRow => {
      const peerRatio = ops / opsOf(peer);
      return { peer, ratio: peerRatio, target: peerTarget, met: peerRatio >= peerTarget };
    });
    return {
      workload: workload.name,
      contender: contender.name,
      opsPerSecond: ops,
      ratio,
      ...(target === undefined ? {} : { target, met: ratio >= target }),
      ...(vsPeers.length === 0 ? {} : { vsPeers }),
    };
  });
}

async function measureFigures(measurement: Measurement): Promise<MeasurementRow[]> {
  const out: MeasurementRow[] = [];
  for (const contender of measurement.contenders) {
    const value = await contender.measure();
    const max = measurement.max?.[contender.name];
    out.push({
      measurement: measurement.name,
      contender: contender.name,
      value,
      unit: measurement.unit,
      ...(max === undefined ? {} : { max, met: value <= max }),
    });
  }
  return out;
}

const format = (ops: number): string =>
  ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M/s` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k/s` : `${ops.toFixed(0)} /s`;

const chosen = (name: string): boolean => filters.length === 0 || filters.some((f) => name.includes(f));
const rows: Row[] = [];
for (const workload of workloads.filter((w) => chosen(w.name))) {
  const measured = await measure(workload);
  rows.push(...measured);
  console.log(`\n${workload.name}  (${workload.opsPerCall} ops per call)`);
  for (const row of measured) {
    const verdict =
      row.target === undefined ? '' : `  target ≥ ${row.target.toFixed(2)}x ${row.met ? 'met' : 'MISSED'}`;
    console.log(
      `  ${row.contender.padEnd(40)} ${format(row.opsPerSecond).padStart(12)}  ${row.ratio.toFixed(3)}x${verdict}`,
    );
    for (const peer of row.vsPeers ?? []) {
      console.log(
        `  ${''.padEnd(40)} ${'vs'.padStart(12)}  ${peer.ratio.toFixed(3)}x of ${peer.peer}  target ≥ ${peer.target.toFixed(2)}x ${peer.met ? 'met' : 'MISSED'}`,
      );
    }
  }
}

const figures: MeasurementRow[] = [];
for (const measurement of measurements.filter((m) => chosen(m.name))) {
  const measured = await measureFigures(measurement);
  figures.push(...measured);
  console.log(`\n${measurement.name}`);
  for (const row of measured) {
    const verdict = row.max === undefined ? '' : `  target ≤ ${row.max} ${row.met ? 'met' : 'MISSED'}`;
    console.log(`  ${row.contender.padEnd(40)} ${`${row.value.toFixed(0)} ${row.unit}`.padStart(12)}${verdict}`);
  }
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL('./results/latest.json', import.meta.url);
writeFileSync(
  file,
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), load: loadavg(), timeMs: time, rounds, rows, figures }, null, 2)}\n`,
);
console.log(`\nwrote ${file.pathname}`);

const missed = [
  ...rows.filter((row) => row.met === false).map((r) => `${r.workload}/${r.contender}`),
  ...rows.flatMap((row) =>
    (row.vsPeers ?? []).filter((p) => !p.met).map((p) => `${row.workload}/${row.contender} vs ${p.peer}`),
  ),
  ...figures.filter((row) => row.met === false).map((r) => `${r.measurement}/${r.contender}`),
];
console.log(
  `load average while measuring: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
if (check && missed.length > 0) {
  console.error(`${missed.length} target(s) missed: ${missed.join(', ')}`);
  process.exit(1);
}
