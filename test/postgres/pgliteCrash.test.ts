import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openPGlite } from '../../src/postgres/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tactical-ddd-crash-'));
const dataDir = join(dir, 'db');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Appends to three streams, one event at a time, until it is killed.
const writer = `
  import { randomUUID } from 'node:crypto';
  import { migrate, openPGlite } from ${JSON.stringify(resolve('src/postgres/index.ts'))};
  import { EventsTable } from ${JSON.stringify(resolve('src/postgres/EventsTable.ts'))};
  const client = await openPGlite({ dataDir: ${JSON.stringify(dataDir)} });
  await migrate(client, { schema: 'app' });
  const table = new EventsTable('app');
  const versions = [0, 0, 0];
  for (let i = 0; ; i++) {
    const s = i % 3;
    const event = { id: randomUUID(), type: 'Noted', schemaVersion: 1, aggregateId: 's' + s,
      aggregateVersion: versions[s] + 1, occurredAt: new Date().toISOString(), payload: { i }, metadata: {} };
    const outcome = await table.append(client, 's' + s, [event], versions[s]);
    if (outcome.kind !== 'appended') throw new Error('conflict');
    versions[s] += 1;
    if (i === 30) console.log('ready');
  }
`;

it('recovers a data directory after the writing process is killed, and takes over its stale lock', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) ready();
    });
    child.on('exit', (code) => fail(new Error(`writer exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 200)); // more writes in flight
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  const client = await openPGlite({ dataDir }); // the lock names a dead process: taken over
  try {
    const { rows } = await client.query<{ stream_id: string; version: number; events: number; top: number }>(
      `SELECT s.stream_id, s.version::int AS version, count(e.*)::int AS events, coalesce(max(e.version), 0)::int AS top
       FROM app.ddd_streams s LEFT JOIN app.ddd_events e USING (stream_id)
       GROUP BY s.stream_id, s.version ORDER BY s.stream_id`,
    );
    expect(rows.map((row) => row.stream_id)).toEqual(['s0', 's1', 's2']);
    for (const row of rows) {
      expect(row.events).toBe(row.version); // every committed append whole, none half
      expect(row.top).toBe(row.version); // gapless 1..version
    }
    expect(rows.reduce((total, row) => total + row.events, 0)).toBeGreaterThan(30);
  } finally {
    await client.close();
  }
}, 120_000);

// Commits sessions (three accounts, one deposit each, its event to the outbox) until it is killed.
const sessionWriter = (dataDir: string) => `
  import { migrate, openPGlite, postgresStore } from ${JSON.stringify(resolve('src/postgres/index.ts'))};
  import { stateStored } from ${JSON.stringify(resolve('src/index.ts'))};
  import { Account, accountMapping } from ${JSON.stringify(resolve('test/postgres/fixtures.ts'))};
  const client = await openPGlite({ dataDir: ${JSON.stringify(dataDir)} });
  await migrate(client, { schema: 'app' });
  const store = postgresStore({ client, schema: 'app', aggregates: { accounts: stateStored('Account', accountMapping) } });
  await store.transaction((s) => { for (const id of ['a0', 'a1', 'a2']) s.accounts.add(Account.open(id, id)); });
  for (let i = 0; ; i++) {
    await store.transaction(async (s) => {
      for (const id of ['a0', 'a1', 'a2']) (await s.accounts.get(id)).deposit(i + 1);
    }, { metadata: { correlationId: 'c' + i } });
    if (i === 20) console.log('ready');
  }
`;

it('leaves every session whole after the process committing them is killed', async () => {
  const sessionsDir = join(dir, 'sessions');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', sessionWriter(sessionsDir)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) ready();
    });
    child.on('exit', (code) => fail(new Error(`writer exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, 200)); // more sessions in flight
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  const client = await openPGlite({ dataDir: sessionsDir });
  try {
    const { rows: accounts } = await client.query<{ id: string; version: number; balance: number }>(
      `SELECT id, version::int AS version, (data->>'balance')::int AS balance FROM app.ddd_aggregates ORDER BY id`,
    );
    const { rows: outbox } = await client.query<{ partition_key: string; correlation: string; amount: number }>(
      `SELECT partition_key, payload->'metadata'->>'correlationId' AS correlation, (payload->'payload'->>'amount')::int AS amount
       FROM app.ddd_outbox ORDER BY id`,
    );
    expect(accounts.map((account) => account.id)).toEqual(['a0', 'a1', 'a2']);
    // A session commits its three accounts and their three events, or nothing of them.
    const sessions = accounts[0]?.version as number;
    expect(sessions).toBeGreaterThan(20);
    for (const account of accounts) {
      expect(account.version).toBe(sessions);
      expect(account.balance).toBe(((sessions - 1) * sessions) / 2);
      const events = outbox.filter((row) => row.partition_key === account.id);
      expect(events.map((row) => row.amount)).toEqual(Array.from({ length: sessions - 1 }, (_, i) => i + 1));
      expect(events.map((row) => row.correlation)).toEqual(Array.from({ length: sessions - 1 }, (_, i) => `c${i}`));
    }
  } finally {
    await client.close();
  }
}, 120_000);
