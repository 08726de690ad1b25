import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineCommand, OutboxRelay } from '../../src/cqrs/index.js';
import { type OutboxCommand, stateStored } from '../../src/index.js';
import {
  type ClosableSqlClient,
  migrate,
  type OutboxOrdering,
  PostgresOutbox,
  postgresStore,
  type SqlClient,
} from '../../src/postgres/index.js';
import { migrations } from '../../src/postgres/migrations.js';
import { qualifiedName } from '../../src/postgres/sqlIdentifier.js';
import { FixedClock } from '../../src/testing/index.js';
import {
  bootPaymentSaga,
  checkoutEvent,
  OrderPlaced,
  PAYMENT_WINDOW_MS,
  PaymentReceived,
  paymentRuns,
} from '../support/paymentSaga.js';
import { freshSchema } from './fixtures.js';

const Remind = defineCommand('Remind', z.object({ n: z.int() }));
const MINUTE = 60_000;

/**
 * Scheduled messages and process deadlines on a database. `open` gives the suite's client;
 * `database` makes a database that a test can connect to, close, and connect to again: a process
 * restart (its opener connects to the same database each time it is called).
 */
export function deadlineSuite(
  open: () => Promise<ClosableSqlClient>,
  database: () => Promise<() => Promise<ClosableSqlClient>>,
): void {
  describe('scheduled messages and deadlines', () => {
    let client: ClosableSqlClient;
    const schemas: string[] = [];
    const newSchema = async (on: SqlClient = client): Promise<string> => {
      const schema = freshSchema();
      schemas.push(schema);
      await migrate(on, { schema });
      return schema;
    };
    beforeAll(async () => {
      client = await open();
    }, 60_000);
    afterAll(async () => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.close();
    });

    const commandStore = (schema: string, clock: FixedClock, ordering: OutboxOrdering = 'global', on = client) =>
      postgresStore({ client: on, schema, aggregates: {}, outbox: { clock, ordering } });
    const collect = (outbox: PostgresOutbox) => {
      const delivered: OutboxCommand[] = [];
      const relay = new OutboxRelay({
        outbox,
        publisher: { publish: async () => undefined },
        commands: async (command) => void delivered.push(command),
      });
      return { delivered, relay };
    };

    for (const ordering of ['global', 'per-aggregate'] as const) {
      it(`keeps a scheduled message out of sight until due, holding nothing back, then delivers it once (${ordering})`, async () => {
        const clock = new FixedClock('2026-06-01T12:00:00.000Z');
        const store = commandStore(await newSchema(), clock, ordering);
        const { delivered, relay } = collect(store.outbox);
        const at = (minutes: number) => new Date(clock.now().getTime() + minutes * MINUTE);
        const correlation = { metadata: { correlationId: 'one-conversation' } };
        const id = await store.transaction((s) => {
          s.send(Remind({ n: 1 }));
          const scheduled = s.schedule(at(10), Remind({ n: 2 }));
          s.send(Remind({ n: 3 }));
          return scheduled;
        }, correlation);
        await store.transaction((s) => s.send(Remind({ n: 4 })), correlation);
        expect(await relay.drain()).toBe(3);
        expect(delivered.map((c) => c.payload)).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }]);
        expect(await store.outbox.nextDueIn()).toBe(10 * MINUTE);
        clock.advance(10 * MINUTE - 1);
        expect(await relay.drain()).toBe(0);
        clock.advance(1);
        expect(await store.outbox.nextDueIn()).toBe(0);
        await store.transaction((s) => s.send(Remind({ n: 5 })), correlation);
        expect(await relay.drain()).toBe(2);
        expect(await relay.drain()).toBe(0);
        // A message due joins the commit order when it falls due: after the ones committed before.
        expect(delivered.map((c) => c.payload)).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }, { n: 5 }, { n: 2 }]);
        const stored = (await store.outbox.messages()).find((m) => m.id === id);
        expect(stored).toMatchObject({ dueAt: '2026-06-01T12:10:00.000Z', publishedAt: expect.any(String) });
        expect(await store.outbox.nextDueIn()).toBeUndefined();
      });
    }

    it('never delivers a message cancelled before it fell due; the cancel commits with its session', async () => {
      const clock = new FixedClock('2026-06-01T12:00:00.000Z');
      const store = commandStore(await newSchema(), clock);
      const { delivered, relay } = collect(store.outbox);
      const at = new Date(clock.now().getTime() + MINUTE);
      const [kept, cancelled] = await store.transaction((s) => [
        s.schedule(at, Remind({ n: 1 })),
        s.schedule(at, Remind({ n: 2 })),
      ]);
      await store.transaction((s) => {
        const inSession = s.schedule(at, Remind({ n: 3 }));
        s.cancel(inSession);
        s.cancel(cancelled);
        s.cancel('unknown-id');
      });
      await expect(
        store.transaction((s) => {
          s.cancel(kept);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      clock.advance(MINUTE);
      expect(await relay.drain()).toBe(1);
      expect(delivered.map((c) => c.id)).toEqual([kept]);
      // Cancelling one already delivered changes nothing.
      await store.transaction((s) => s.cancel(kept));
      expect((await store.outbox.messages()).map((m) => m.id)).toEqual([kept]);
    });

    it('tells the time to the next due message by the database clock when given no clock', async () => {
      const schema = await newSchema();
      const store = postgresStore({ client, schema, aggregates: {} });
      const { delivered, relay } = collect(store.outbox);
      await store.transaction((s) => {
        s.schedule(new Date(Date.now() + 60 * MINUTE), Remind({ n: 1 }));
        s.schedule(new Date(Date.now() - MINUTE), Remind({ n: 2 }));
      });
      const dueIn = (await store.outbox.nextDueIn()) as number;
      expect(dueIn).toBe(0);
      expect(await relay.drain()).toBe(1);
      expect(delivered.map((c) => c.payload)).toEqual([{ n: 2 }]);
      const later = (await store.outbox.nextDueIn()) as number;
      expect(later).toBeGreaterThan(59 * MINUTE);
      expect(later).toBeLessThanOrEqual(60 * MINUTE);
    });

    it('delivers each due message once with two relays draining at the same time', async () => {
      const clock = new FixedClock('2026-06-01T12:00:00.000Z');
      const schema = await newSchema();
      const store = commandStore(schema, clock, 'per-aggregate');
      const ids = await store.transaction((s) =>
        Array.from({ length: 60 }, (_, n) =>
          s.schedule(new Date(clock.now().getTime() + ((n % 7) + 1) * MINUTE), Remind({ n })),
        ),
      );
      clock.advance(10 * MINUTE);
      const one = collect(store.outbox);
      const two = collect(new PostgresOutbox({ client, schema, clock, ordering: 'per-aggregate' }));
      await Promise.all([one.relay.drain(), two.relay.drain(), one.relay.drain()]);
      const delivered = [...one.delivered, ...two.delivered].map((c) => c.id);
      expect(delivered.sort()).toEqual([...ids].sort());
    });

    it('upgrades an outbox table made before scheduling, keeping its pending messages', async () => {
      const schema = freshSchema();
      schemas.push(schema);
      const table = (name: string) => qualifiedName(schema, name);
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(
        `CREATE TABLE ${table('ddd_schema_migrations')} (version INT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      for (const migration of migrations.filter((m) => m.version <= 6)) {
        for (const statement of migration.statements(table)) await client.query(statement);
        await client.query(`INSERT INTO ${table('ddd_schema_migrations')} (version, name) VALUES ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
      }
      const old = Remind({ n: 1 });
      await client.query(
        `INSERT INTO ${table('ddd_outbox')} (message_id, topic, partition_key, payload) VALUES ($1, $2, $1, $3::jsonb)`,
        [old.id, old.type, JSON.stringify({ ...old, kind: 'command' })],
      );
      expect(await migrate(client, { schema })).toMatchObject({ applied: [7, 8], version: 8 });
      const clock = new FixedClock('2026-06-01T12:00:00.000Z');
      const store = commandStore(schema, clock);
      const { delivered, relay } = collect(store.outbox);
      await store.transaction((s) => s.schedule(new Date(clock.now().getTime() + MINUTE), Remind({ n: 2 })));
      expect(await relay.drain()).toBe(1);
      clock.advance(MINUTE);
      expect(await relay.drain()).toBe(1);
      expect(delivered.map((c) => c.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('fires a saga deadline after a process restart, once', async () => {
      const clock = new FixedClock('2026-06-01T12:00:00.000Z');
      const connect = await database();
      const before = await connect();
      const schema = await newSchema(before);
      const boot = (on: SqlClient) => {
        const store = postgresStore({
          client: on,
          schema,
          aggregates: { runs: stateStored('PaymentWindow', paymentRuns) },
          outbox: { clock },
        });
        return { store, ...bootPaymentSaga(store, (s) => s.runs, clock) };
      };
      const first = boot(before);
      await first.eventBus.publish(checkoutEvent(OrderPlaced, 'late'));
      await first.eventBus.publish(checkoutEvent(OrderPlaced, 'paid'));
      clock.advance(MINUTE);
      await first.eventBus.publish(checkoutEvent(PaymentReceived, 'paid'));
      expect(await first.relay.drain()).toBe(0);
      await before.close();

      // A new process: a new client, store, process manager and relay on the same database.
      clock.advance(PAYMENT_WINDOW_MS);
      const after = await connect();
      try {
        const second = boot(after);
        expect(await second.relay.drain()).toBe(2); // the deadline of 'late', then its CancelOrder
        expect(await second.relay.drain()).toBe(0);
        expect(second.log.commands.map((c) => [c.type, c.metadata.correlationId])).toEqual([['CancelOrder', 'late']]);
        expect(second.log.stale).toEqual([]);
        expect((await second.store.runs.getById('late')).props).toMatchObject({
          status: 'completed',
          state: { step: 'expired' },
        });
        // The cancelled deadline of 'paid' never fires.
        expect((await second.store.runs.getById('paid')).props).toMatchObject({
          status: 'running',
          state: { step: 'paid' },
        });
        expect(await second.store.outbox.nextDueIn()).toBeUndefined();
      } finally {
        await after.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await after.close();
      }
    }, 60_000);
  });
}
