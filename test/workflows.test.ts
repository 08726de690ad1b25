/**
 * The GitHub Actions workflows, parsed: CI tests every supported Node line with the servers the
 * integration tests need and runs what `.ci/run` runs; the release publishes through changesets
 * with trusted publishing and provenance. Every command they name exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly 'runs-on': string;
  readonly permissions?: Record<string, string>;
  readonly strategy?: { readonly matrix: { readonly node: readonly number[] } };
  readonly services?: Record<string, { readonly image: string }>;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const workflow = (name: string): Workflow => parse(read(`.github/workflows/${name}`)) as Workflow;
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string } };
const ci = workflow('ci.yml');
const release = workflow('release.yml');
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((job) => [...job.steps]);
const commands = (w: Workflow): string[] => steps(w).flatMap((step) => (step.run === undefined ? [] : [step.run]));

/** The `npm run <script>` and `node <file> [--flags]` commands in a piece of shell. */
function invoked(shell: string): { scripts: string[]; files: string[]; commands: string[] } {
  const scripts = [...shell.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string);
  const nodes = [...shell.matchAll(/\bnode (scripts\/[\w./-]+)((?: --[\w-]+)*)/g)];
  const files = nodes.map((m) => m[1] as string);
  // The local summary of test results is a report, not a check.
  const commands = nodes.map((m) => `${m[1]}${m[2]}`).filter((command) => !command.includes('ci-summary'));
  if (/\bnpm test\b/.test(shell)) scripts.push('test');
  return { scripts, files, commands };
}

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes to main and on every pull request, with read-only permissions', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on['push']).toEqual({ branches: ['main'] });
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('tests on Node 20, 22 and 24 with PostgreSQL, RabbitMQ and Redis as services, and NATS with JetStream', () => {
    const test = ci.jobs['test'] as Job;
    expect(test.strategy?.matrix.node).toEqual([20, 22, 24]);
    const images = Object.values(test.services ?? {}).map((service) => service.image.split(':')[0]);
    expect(images.sort()).toEqual(['postgres', 'rabbitmq', 'redis']);
    expect(test.steps.some((step) => /docker run .*nats:\S+ -js\b/.test(step.run ?? ''))).toBe(true);
  });

  it('runs every check that .ci/run runs', () => {
    const local = invoked(read('.ci/run'));
    const remote = invoked(commands(ci).join('\n'));
    expect(remote.scripts).toEqual(expect.arrayContaining(local.scripts));
    expect(local.commands.length).toBeGreaterThan(0);
    expect(remote.commands).toEqual(expect.arrayContaining(local.commands));
  });
});

describe('.github/workflows/release.yml', () => {
  const job = release.jobs['release'] as Job;
  const action = job.steps.find((step) => step.uses?.startsWith('changesets/action@'));

  it('publishes from main through the changesets action', () => {
    expect(release.on).toEqual({ push: { branches: ['main'] } });
    expect(action?.with).toMatchObject({ version: 'npm run version-packages', publish: 'npm run release' });
    expect(pkg.scripts['release']).toBe('changeset publish');
    // The version pull request also refreshes the lockfile, or `npm ci` fails on it.
    expect(pkg.scripts['version-packages']).toMatch(/^changeset version && npm install --package-lock-only/);
  });

  it('uses trusted publishing with provenance: an OIDC token, no npm token, npm 11.5.1 or newer', () => {
    expect(release.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(action?.env?.['NPM_CONFIG_PROVENANCE']).toBe('true');
    expect(read('.github/workflows/release.yml')).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/);
    expect(commands(release)).toContain('npm install -g npm@^11.5.1');
    const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with).toMatchObject({ 'registry-url': 'https://registry.npmjs.org' });
    expect(Number(setup?.with?.['node-version'])).toBeGreaterThanOrEqual(22);
  });
});

describe('every workflow', () => {
  const all = ['ci.yml', 'release.yml', 'docs.yml'].map((name) => [name, workflow(name)] as const);

  it.each(all)('%s names only scripts and files that exist', (_, w) => {
    const { scripts, files } = invoked(commands(w).join('\n'));
    for (const script of scripts) expect(Object.keys(pkg.scripts)).toContain(script);
    for (const file of files) expect(existsSync(new URL(`../${file}`, import.meta.url))).toBe(true);
  });

  it.each(all)('%s pins every action to a major version and runs on ubuntu', (_, w) => {
    for (const step of steps(w)) if (step.uses !== undefined) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    for (const job of Object.values(w.jobs)) expect(job['runs-on']).toBe('ubuntu-latest');
  });
});
