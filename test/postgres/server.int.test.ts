import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { ConcurrencyError, type DomainEvent, stateStored } from '../../src/index.js';
import { EventsTable } from '../../src/postgres/EventsTable.js';
import {
  type ClosableSqlClient,
  connectPg,
  migrate,
  type PgPoolLike,
  PostgresOutbox,
  pgSqlClient,
  postgresStore,
} from '../../src/postgres/index.js';
import { OutboxTable } from '../../src/postgres/OutboxTable.js';
import { waitFor as waitUntil } from '../support/brokers.js';
import { checkpointSuite } from './checkpointSuite.js';
import { events, eventsTableSuite } from './eventsTableSuite.js';
import { Account, accountMapping, asEntries, databaseUrl, freshSchema, pgServer, serverAvailable } from './fixtures.js';
import { outboxLeaseSuite } from './outboxLeaseSuite.js';
import { outboxNotifySuite } from './outboxNotifySuite.js';
import { outboxTableSuite } from './outboxTableSuite.js';
import { projectorSuite } from './projectorSuite.js';
import { sessionSuite } from './sessionSuite.js';
import { specificationDifferentialSuite } from './specificationDifferentialSuite.js';
import { migrateSuite, repositorySuite, sqlClientSuite } from './suites.js';
import { toSqlSuite } from './toSqlSuite.js';

const available = await serverAvailable();

describe.runIf(available)('on a PostgreSQL server', () => {
  let client: ClosableSqlClient;
  beforeAll(async () => {
    client = await pgServer.open();
  });
  afterAll(async () => {
    await client.close();
  });

  sqlClientSuite(() => client);
  migrateSuite(() => client);
  repositorySuite(() => client);
  eventsTableSuite(() => client);
  outboxTableSuite(() => client);
  outboxLeaseSuite(() => client);
  outboxNotifySuite(() => client);
  toSqlSuite(() => client);
  specificationDifferentialSuite(() => client);
  checkpointSuite(() => client);
  sessionSuite(() => client);
  projectorSuite(() => client);

  describe('event store SQL under real concurrency', () => {
    const schema = freshSchema();
    const table = new EventsTable(schema);
    beforeAll(async () => {
      await migrate(client, { schema });
    });
    afterAll(async () => {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const stream = () => `s-${randomUUID()}`;
    const lastPosition = async () => (await table.readAll(client, 0n, undefined, 5000)).at(-1)?.globalPosition ?? 0n;
    /** A promise with its resolve function, to step two transactions in a chosen order. */
    const gate = () => {
      let open = (): void => undefined;
      const passed = new Promise<void>((resolve) => {
        open = resolve;
      });
      return { open, passed };
    };

    it('20 concurrent appenders with the same expected version, 30 rounds: exactly one winner each, gapless', async () => {
      const s = stream();
      for (let round = 0; round < 30; round++) {
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, () =>
            table.append(client, s, events(s, 1, round + 1), round === 0 ? 'no_stream' : round),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.kind === 'appended')).toHaveLength(1);
      }
      expect((await table.readStream(client, s, {})).map((e) => e.version)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    }, 60_000);

    it('never lets a reader pass an event whose transaction commits after a later one', async () => {
      const checkpoint = await lastPosition();
      const [slow, fast] = [stream(), stream()];
      const appended = gate();
      const commit = gate();
      // The slow transaction draws the lower global position first, and commits last.
      const slowTx = client.transaction(async (tx) => {
        await table.append(tx, slow, events(slow, 1), 'no_stream');
        appended.open();
        await commit.passed;
      });
      await appended.passed;
      await table.append(client, fast, events(fast, 1), 'no_stream');

      // Reading by global position alone would now return the fast event and move past the slow one.
      const { rows: naive } = await client.query<{ stream_id: string }>(
        `SELECT stream_id FROM "${schema}".ddd_events WHERE stream_id IN ($1, $2)`,
        [slow, fast],
      );
      expect(naive.map((row) => row.stream_id)).toEqual([fast]);
      // The store holds the fast event back while the slow transaction is open.
      expect(await table.readAll(client, checkpoint, undefined, 0)).toEqual([]);

      commit.open();
      await slowTx;
      const after = await table.readAll(client, checkpoint, undefined, 5000);
      expect(after.map((e) => e.streamId)).toEqual([slow, fast]);
      expect(after[1]?.globalPosition).toBeGreaterThan(after[0]?.globalPosition as bigint);
    });

    it('puts an older transaction first even when it appends after a younger one committed', async () => {
      const checkpoint = await lastPosition();
      const [older, younger] = [stream(), stream()];
      const started = gate();
      const append = gate();
      const olderTx = client.transaction(async (tx) => {
        await tx.query('SELECT pg_current_xact_id()'); // takes its transaction id now
        started.open();
        await append.passed;
        await table.append(tx, older, events(older, 1), 'no_stream'); // a higher row position
      });
      await started.passed;
      await table.append(client, younger, events(younger, 1), 'no_stream');
      expect(await table.readAll(client, checkpoint, undefined, 0)).toEqual([]);
      // A reader that waits sees both once the older transaction ends, the older first.
      const waiting = table.readAll(client, checkpoint, undefined, 5000);
      append.open();
      await olderTx;
      const seen = await waiting;
      expect(seen.map((e) => e.streamId)).toEqual([older, younger]);
      expect(seen[1]?.globalPosition).toBeGreaterThan(seen[0]?.globalPosition as bigint);
      expect(await table.readAll(client, seen.at(-1)?.globalPosition as bigint, undefined, 0)).toEqual([]);
    });
    it('does not wait for commits that only its own open transaction holds back', async () => {
      const checkpoint = await lastPosition();
      const [mine, other] = [stream(), stream()];
      const appended = gate();
      const done = gate();
      const reader = client.transaction(async (tx) => {
        await table.append(tx, mine, events(mine, 1), 'no_stream'); // takes an xid: now the oldest
        appended.open();
        await done.passed;
        const started = Date.now();
        const seen = await table.readAll(tx, checkpoint, undefined, 5000);
        return { seen, ms: Date.now() - started };
      });
      await appended.passed;
      await table.append(client, other, events(other, 1), 'no_stream');
      done.open();
      const { seen, ms } = await reader;
      expect(seen).toEqual([]);
      expect(ms).toBeLessThan(1000);
    });

    it('lets four relays claim from the outbox at once, each message claimed and published once', async () => {
      const outbox = new OutboxTable(schema);
      const batch = Array.from({ length: 10 }, (_, i) => events(`order-${i}`, 20)).flat();
      await outbox.add(client, asEntries(batch));
      const published: string[] = [];
      const relay = async () => {
        for (;;) {
          const claimed = await client.transaction(async (tx) => {
            const rows = await outbox.claim(tx, 15);
            await client.query('SELECT pg_sleep(0.005)'); // the other claims wait for these row locks
            published.push(...rows.map((row) => row.id));
            await outbox.markPublished(
              tx,
              rows.map((row) => row.seq),
            );
            return rows.length;
          });
          if (claimed === 0) return;
        }
      };
      await Promise.all([relay(), relay(), relay(), relay()]);
      expect(published).toHaveLength(batch.length);
      expect(new Set(published)).toEqual(new Set(batch.map((event) => event.id)));
    });

    it('reads all events through the (tx_id, global_position) index', async () => {
      const s = stream();
      for (let i = 0; i < 20; i++) await table.append(client, s, events(s, 100, i * 100 + 1), i * 100);
      await client.query(`ANALYZE "${schema}".ddd_events`);
      const plan = await client.transaction(async (tx) => {
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT global_position FROM "${schema}".ddd_events
           WHERE (tx_id, global_position) > ('0'::xid8, 0::bigint) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
           ORDER BY tx_id, global_position LIMIT 500`,
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('ddd_events_tx_pos_idx');
    });
  });

  describe('server-only guarantees', () => {
    const schema = freshSchema();
    afterAll(async () => {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it('migrates exactly once when eight instances start at the same moment', async () => {
      const instances = await Promise.all(
        Array.from({ length: 8 }, () => connectPg({ connectionString: databaseUrl, max: 1 })),
      );
      try {
        const results = await Promise.all(instances.map((instance) => migrate(instance, { schema })));
        expect(results.flatMap((result) => result.applied)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(results.every((result) => result.version === 8)).toBe(true);
        const { rows } = await client.query(`SELECT version FROM "${schema}".ddd_schema_migrations`);
        expect(rows).toHaveLength(8);
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
      }
    });

    it('lets four OutboxRelays drain one PostgresOutbox together, each message once, in order', async () => {
      await migrate(client, { schema });
      const outbox = new PostgresOutbox({ client, schema });
      await client.query(`TRUNCATE "${schema}".ddd_outbox`);
      const batch = Array.from({ length: 8 }, (_, i) => events(`relay-${i}`, 25)).flat();
      await outbox.add(client, asEntries(batch));
      const delivered: string[] = [];
      const publisher = {
        publish: async (event: DomainEvent) => {
          delivered.push(event.id);
        },
      };
      const relays = Array.from({ length: 4 }, () => new OutboxRelay({ outbox, publisher, batchSize: 10 }));
      const counts = await Promise.all(relays.map((relay) => relay.drain()));
      // A relay stops when it finds the head leased by another: one more round picks up the rest.
      counts.push(await (relays[0] as OutboxRelay).drain());
      expect(counts.reduce((a, b) => a + b, 0)).toBe(batch.length);
      // Leased batches hold back the later ones: the relays took turns, in commit order.
      expect(delivered).toEqual(batch.map((event) => event.id));
    });

    it('leaves no partial write when the connection is killed mid-commit, and the pool recovers', async () => {
      await migrate(client, { schema });
      const store = postgresStore({ client, schema, aggregates: { accounts: stateStored('Account', accountMapping) } });
      const outbox = store.outbox as PostgresOutbox;
      const a = Account.open('killed-a', 'a');
      const b = Account.open('killed-b', 'b');
      await store.accounts.save(a);
      await store.accounts.save(b);
      const outboxBefore = (await outbox.messages()).length;

      // Killed between the writes of one commit: after both aggregates' UPDATEs, before the outbox rows.
      const loaded: Account[] = [];
      const failure = await store
        .transaction(async (s) => {
          const [aLoaded, bLoaded] = [await s.accounts.get(a.id), await s.accounts.get(b.id)];
          aLoaded.deposit(5);
          bLoaded.deposit(5);
          loaded.push(aLoaded, bLoaded);
          s.join({
            flush: async (tx) => {
              const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
              await client.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
              await tx.query('SELECT 1');
            },
          });
        })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ConcurrencyError);
      expect((failure as Error).message).toMatch(/terminat|connection/i);
      // Nothing half-written, and the aggregates kept their events and versions.
      expect((await store.accounts.getById(a.id)).version).toBe(1);
      expect((await store.accounts.getById(b.id)).version).toBe(1);
      expect(await outbox.messages()).toHaveLength(outboxBefore);
      expect(loaded.map((account) => [account.persistedVersion, account.pendingEvents.length])).toEqual([
        [1, 1],
        [1, 1],
      ]);
      // The pool replaced the dead connection: the same session's work goes through now.
      await store.transaction(async (s) => {
        (await s.accounts.get(a.id)).deposit(1);
        (await s.accounts.get(b.id)).deposit(1);
      });
      expect((await store.accounts.getById(a.id)).version).toBe(2);
      expect(await outbox.messages()).toHaveLength(outboxBefore + 2);
    });

    it('listens again after its connection was killed, and wakes the relay for what was sent meanwhile', async () => {
      // A schema of its own: no message of another test is pending in this outbox.
      const own = freshSchema();
      await migrate(client, { schema: own });
      const outbox = new PostgresOutbox({ client, schema: own, notify: true });
      const delivered: string[] = [];
      const relay = new OutboxRelay({
        outbox,
        publisher: {
          publish: async (event: DomainEvent) => {
            delivered.push(event.id);
          },
        },
        pollIntervalMs: 60_000,
      });
      relay.start();
      try {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const { rows } = await client.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE datname = current_database() AND query = 'LISTEN "ddd_outbox"' AND pid <> pg_backend_pid()`,
        );
        expect(rows.length).toBeGreaterThanOrEqual(1);
        // Sent while nobody listens: the notification is lost, the reconnection makes up for it.
        const lost = events('while-down', 2);
        await outbox.add(client, asEntries(lost));
        await waitUntil(() => delivered.length === 2);
        const after = events('after-reconnect', 1);
        await outbox.add(client, asEntries(after));
        await waitUntil(() => delivered.length === 3);
        expect(delivered).toEqual([...lost, ...after].map((event) => event.id));
      } finally {
        await relay.stop();
        await client.query(`DROP SCHEMA IF EXISTS "${own}" CASCADE`);
      }
    }, 30_000);

    it('listens on a connection checked out of a pool that does not expose its Client, and gives it back destroyed', async () => {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
      try {
        // Only the two methods of the port: no Client, no options.
        const bare: PgPoolLike = { query: pool.query.bind(pool) as PgPoolLike['query'], connect: () => pool.connect() };
        const sql = pgSqlClient(bare);
        const heard: string[] = [];
        const stop = await (sql.listen as NonNullable<typeof sql.listen>)('tddd bare pool', (payload) =>
          heard.push(payload),
        );
        expect(pool.totalCount - pool.idleCount).toBe(1); // the listening connection is out
        await pool.query("SELECT pg_notify('tddd bare pool', 'hello')");
        await waitUntil(() => heard.length === 1);
        await stop();
        expect(heard).toEqual(['hello']);
        expect(pool.totalCount).toBe(pool.idleCount); // released, not kept LISTENing in the pool
      } finally {
        await pool.end();
      }
    });
  });
});
