/**
 * `npm run bench`: builds the benchmark as the library is built (esbuild, no `keepNames`), then runs
 * it with plain Node, passing on its arguments.
 *
 * Running the TypeScript through tsx would measure something users never run: tsx turns on
 * esbuild's `keepNames`, which wraps every named function expression in a `__name(...)` call (an
 * `Object.defineProperty` each time a closure is made), while tsup builds `dist/` without it
 * (`keepNames: false` in tsup.config.ts). The bundle keeps packages external, so peers and the
 * hand-written baselines run as they are.
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const entryPoints = ['bench/run.ts', 'bench/workloads/partitionedConsumer.ts'];
await build({
  entryPoints,
  // Both beside bench/run.ts: the results folder and the consumer script resolve as from the sources.
  outdir: 'bench',
  entryNames: '[name].built',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  keepNames: false,
  sourcemap: 'inline',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', 'bench/run.built.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
