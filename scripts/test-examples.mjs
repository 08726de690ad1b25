// Installs each example on its own (they are standalone packages, not workspaces), type-checks it
// and runs its `test` script when it has one, else its `start` script, against the built package.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const npm = (dir, ...args) => execFileSync('npm', ['--prefix', dir, ...args], { stdio: 'inherit' });
for (const name of readdirSync('examples')) {
  const dir = join('examples', name);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const { scripts = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  console.log(`\n--- examples/${name}`);
  npm(dir, 'install', '--no-audit', '--no-fund');
  if (scripts.typecheck) npm(dir, 'run', 'typecheck');
  npm(dir, 'run', scripts.test ? 'test' : 'start');
}
