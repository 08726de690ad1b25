// Runs every example's typecheck and tests (or its `start` script when it has no tests), two ways:
//
//   node scripts/test-examples.mjs              as npm workspaces of this repository, linked to the
//                                               local package (build it first)
//   node scripts/test-examples.mjs --templates  as templates: each folder copied out of the
//                                               repository (as `giget` or "Use this template" do),
//                                               with the packed package installed the way the
//                                               registry serves it, and no edit to the copy
//
// Names after the options pick examples (`--templates banking`); by default, all of them.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import semver from 'semver';

const root = resolve(import.meta.dirname, '..');
const templates = process.argv.includes('--templates');
const npm = (dir, ...args) => execFileSync('npm', args, { cwd: dir, stdio: 'inherit' });
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The packed package, as `npm publish` would upload it (dist/ must be built). */
function pack(into) {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const [{ filename, version }] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  return { tarball: join(into, filename), version };
}

/** Copies an example out of the repository, leaving out what an install or a run produces. */
function copyOut(dir, into) {
  const target = join(into, basename(dir));
  const generated = new Set(['node_modules', 'dist', '.data', 'data']);
  cpSync(dir, target, { recursive: true, filter: (path) => !generated.has(basename(path)) });
  return target;
}

function check(dir) {
  const { scripts = {} } = readJson(join(dir, 'package.json'));
  if (scripts.typecheck) npm(dir, 'run', 'typecheck');
  npm(dir, 'run', scripts.test ? 'test' : 'start');
}

const picked = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const examples = readdirSync(join(root, 'examples'))
  .filter((name) => picked.length === 0 || picked.includes(name))
  .map((name) => join(root, 'examples', name))
  .filter((dir) => existsSync(join(dir, 'package.json')));

if (!templates) {
  for (const dir of examples) {
    console.log(`\n--- ${basename(dir)} (workspace, local package)`);
    check(dir);
  }
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'tactical-ddd-templates-'));
  try {
    const { tarball, version } = pack(scratch);
    for (const dir of examples) {
      const copy = copyOut(dir, scratch);
      const manifest = readFileSync(join(copy, 'package.json'), 'utf8');
      const range = JSON.parse(manifest).dependencies['tactical-ddd'];
      console.log(`\n--- ${basename(dir)} (template in ${copy}, tactical-ddd ${range})`);
      // What the registry would serve for the example's range: the packed version must be in it.
      if (!semver.satisfies(version, range)) throw new Error(`${basename(dir)}: ${range} does not admit ${version}`);
      npm(copy, 'install', '--no-audit', '--no-fund', '--prefer-offline', '--no-save', tarball);
      check(copy);
      if (readFileSync(join(copy, 'package.json'), 'utf8') !== manifest) throw new Error(`${basename(dir)}: edited`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
