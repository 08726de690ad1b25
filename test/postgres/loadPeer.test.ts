import { describe, expect, it } from 'vitest';
import { MissingPeerDependencyError } from '../../src/postgres/index.js';
import { loadPeer } from '../../src/postgres/loadPeer.js';

describe('loadPeer', () => {
  it('turns a package that is not installed into MissingPeerDependencyError saying what to install', async () => {
    const name = 'tactical-ddd-no-such-peer';
    const failure = await loadPeer(name, 'connectPg', () => import(/* @vite-ignore */ name)).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MissingPeerDependencyError);
    expect(failure).toMatchObject({
      name: 'MissingPeerDependencyError',
      code: 'postgres.missing_peer_dependency',
      packageName: name,
      feature: 'connectPg',
    });
    expect((failure as Error).message).toContain(`npm install ${name}`);
    expect((failure as Error).cause).toBeInstanceOf(Error);
  });

  it('lets other failures through unchanged, including a missing module other than the peer itself', async () => {
    const broken = new Error('syntax error in pg');
    await expect(loadPeer('pg', 'connectPg', () => Promise.reject(broken))).rejects.toBe(broken);
    const transitive = Object.assign(new Error("Cannot find package 'pg-protocol'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(loadPeer('pg', 'connectPg', () => Promise.reject(transitive))).rejects.toBe(transitive);
    const cjs = Object.assign(new Error("Cannot find module 'pg'\nRequire stack:\n- /app/index.cjs"), {
      code: 'MODULE_NOT_FOUND',
    });
    await expect(loadPeer('pg', 'connectPg', () => Promise.reject(cjs))).rejects.toBeInstanceOf(
      MissingPeerDependencyError,
    );
  });

  it('returns the module when it loads', async () => {
    const module = { Pool: class {} };
    await expect(loadPeer('pg', 'connectPg', async () => module)).resolves.toBe(module);
  });
});
