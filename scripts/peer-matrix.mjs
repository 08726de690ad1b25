// Peer matrix: installs the packed package into a fresh project twice, once with the lowest and
// once with the newest release of every peer dependency that package.json admits, with no install
// flags (an ERESOLVE fails it), and runs the smoke tests of scripts/peer-matrix/ in each. Both
// version sets come from `peerDependencies`, so widening a range widens the test; a `latest`
// release outside a range is reported as a warning.
//
//   npm run build && node scripts/peer-matrix.mjs [lowest|newest]
//
// Needs PostgreSQL, Redis, RabbitMQ and NATS with JetStream (DATABASE_URL, REDIS_URL, RABBITMQ_URL,
// NATS_URL, or this machine's).
// The projects live in .tmp/peer-matrix/<profile> and keep their node_modules between runs, so a
// second run installs only the new tarball (CI caches ~/.npm as well).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'scripts', 'peer-matrix');
const work = join(root, '.tmp', 'peer-matrix');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** What the registry has of a package: its versions and its `latest` tag. */
function registry(name) {
  const view = JSON.parse(execFileSync('npm', ['view', name, 'versions', 'dist-tags', '--json'], { encoding: 'utf8' }));
  return { versions: view.versions, latest: view['dist-tags'].latest };
}

/**
 * How each profile picks a version within a peer range: the lowest it admits, or the highest
 * release in it (exact, so npm installs it even where its `engines` would make npm prefer an older one).
 */
const profiles = {
  lowest: (range) => semver.minVersion(range).version,
  newest: (range, name) => {
    const { versions, latest } = registry(name);
    if (!semver.satisfies(latest, range)) console.warn(`warning: ${name}@${latest} is out of the peer range ${range}`);
    return semver.maxSatisfying(versions, range);
  },
};

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

/** `npm pack` of the built package (the build is `prepack`'s job; here dist/ must exist). */
function pack() {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  mkdirSync(work, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const tarball = join(work, 'tactical-ddd.tgz');
  renameSync(join(work, filename), tarball);
  return tarball;
}

function runProfile(profile, pick) {
  const dir = join(work, profile);
  mkdirSync(dir, { recursive: true });
  const peers = Object.fromEntries(
    Object.entries(pkg.peerDependencies).map(([name, range]) => [name, pick(range, name)]),
  );
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: `tactical-ddd-peer-matrix-${profile}`,
        private: true,
        type: 'module',
        dependencies: { 'tactical-ddd': 'file:../tactical-ddd.tgz', ...peers },
      },
      null,
      2,
    )}\n`,
  );
  for (const file of readdirSync(fixtures)) cpSync(join(fixtures, file), join(dir, file));
  // The tarball changes on every run while its name does not: drop the installed copy and the lock
  // so npm installs it afresh (every other package stays in node_modules).
  rmSync(join(dir, 'node_modules', 'tactical-ddd'), { recursive: true, force: true });
  rmSync(join(dir, 'package-lock.json'), { force: true });
  console.log(`\n=== peers, ${profile}: ${JSON.stringify(peers)}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);

  const installed = {};
  for (const name of Object.keys(peers)) {
    const { version } = readJson(join(dir, 'node_modules', name, 'package.json'));
    const range = pkg.peerDependencies[name];
    if (!semver.satisfies(version, range)) throw new Error(`${name}@${version} is outside ${range}`);
    if (version !== peers[name]) throw new Error(`${name}: wanted ${peers[name]}, got ${version}`);
    installed[name] = version;
  }
  console.log(`installed: ${JSON.stringify(installed)}`);

  run(process.execPath, ['smoke.mjs'], dir);
  run(process.execPath, ['smoke.cjs'], dir);
  const vitestEngines = readJson(join(dir, 'node_modules', 'vitest', 'package.json')).engines?.node ?? '*';
  if (!semver.satisfies(process.versions.node, vitestEngines)) {
    console.warn(
      `note: vitest@${installed.vitest} declares Node ${vitestEngines}; running it on ${process.version} anyway`,
    );
  }
  run(process.execPath, [join('node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=dot'], dir);
}

const only = process.argv.slice(2);
for (const name of only) if (!(name in profiles)) throw new Error(`unknown profile ${name}: use lowest or newest`);
const started = Date.now();
pack();
for (const [profile, pick] of Object.entries(profiles)) {
  if (only.length === 0 || only.includes(profile)) runProfile(profile, pick);
}
console.log(`\npeer matrix passed in ${Math.round((Date.now() - started) / 1000)} s`);
