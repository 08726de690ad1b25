import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/DomainEvent.js';
import type { MessagePublisher } from '../../src/core/MessagePublisher.js';
import { OutboxRelay } from '../../src/cqrs/OutboxRelay.js';
import { CryptoShredder } from '../../src/event-sourcing/CryptoShredder.js';
import { eventSourced } from '../../src/event-sourcing/eventSourced.js';
import { defineProjection, projectEvent } from '../../src/event-sourcing/Projection.js';
import { SealedSnapshotStore } from '../../src/event-sourcing/SealedSnapshotStore.js';
import {
  migrate,
  PostgresEventStore,
  PostgresInbox,
  PostgresKeyStore,
  PostgresProjector,
  PostgresSnapshotStore,
  postgresStore,
  type SqlClient,
} from '../../src/postgres/index.js';
import { freshSchema } from './fixtures.js';
import { Customer, type CustomerEvent, type CustomerState, customerEvents } from './shreddingFixtures.js';

/** A broker for the suite: a publisher, and every message it holds as the raw text it stores. */
export interface ShreddingBroker {
  readonly publisher: MessagePublisher;
  messages(): Promise<readonly string[]>;
}

/**
 * Crypto-shredding end to end: personal data appended through a store's session, projected,
 * snapshotted, relayed to a broker and consumed through an inbox; then the customer is forgotten
 * and nothing in the database or the broker holds it in clear.
 */
export function shreddingSuite(client: () => SqlClient, broker: () => ShreddingBroker): void {
  describe('crypto-shredding on a postgresStore', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(
        `CREATE TABLE "${schema}".customer_directory (id TEXT PRIMARY KEY, name TEXT, email TEXT, city TEXT NOT NULL)`,
      );
      await client().query(`CREATE TABLE "${schema}".customers_per_city (city TEXT PRIMARY KEY, n INT NOT NULL)`);
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    const setup = () => {
      const keys = new PostgresKeyStore({ client: client(), schema });
      const shredder = new CryptoShredder({ registry: customerEvents, keys });
      const snapshots = new SealedSnapshotStore({
        store: new PostgresSnapshotStore({ client: client(), schema }),
        shredder,
        subject: (snapshot) => (snapshot.state as CustomerState).customerId,
      });
      const store = postgresStore({
        client: client(),
        schema,
        eventStore: { shredder },
        aggregates: {
          customers: eventSourced({
            name: 'Customer',
            create: (id: string) => new Customer(id),
            snapshots: {
              store: snapshots,
              every: 2,
              onError: (error) => {
                throw error;
              },
            },
          }),
        },
      });
      const directory = defineProjection<CustomerEvent, SqlClient>({
        name: 'customer-directory',
        handlers: {
          CustomerRegistered: async ({ payload }, tx) => {
            await tx.query(`INSERT INTO "${schema}".customer_directory VALUES ($1, $2, $3, $4)`, [
              payload.customerId,
              payload.name,
              payload.email,
              payload.city,
            ]);
          },
          CustomerMoved: async ({ payload }, tx) => {
            await tx.query(`UPDATE "${schema}".customer_directory SET city = $2 WHERE id = $1`, [
              payload.customerId,
              payload.city,
            ]);
          },
        },
      });
      const projector = new PostgresProjector({ client: client(), store: store.eventStore, projection: directory });
      return { keys, shredder, snapshots, store, projector };
    };

    /** Every row of every table of the schema, as text. */
    const everyRow = async (): Promise<string[]> => {
      const { rows: tables } = await client().query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [schema],
      );
      const out: string[] = [];
      for (const { table_name } of tables) {
        const { rows } = await client().query<{ row: string }>(
          `SELECT t::text AS row FROM "${schema}"."${table_name}" t`,
        );
        for (const { row } of rows) out.push(`${table_name}: ${row}`);
      }
      return out;
    };

    it('forgets a customer: no table or broker message holds the plaintext, events still rehydrate, a rebuild is clean', async () => {
      const { shredder, snapshots, store, projector } = setup();
      const id = randomUUID();
      const name = `Zoë Ångström-${randomUUID().slice(0, 8)}`;
      const email = `zoe.${randomUUID().slice(0, 8)}@example.com`;
      await store.transaction((s) => s.customers.add(Customer.register(id, name, email, 'Oslo')));
      await store.transaction(async (s) => (await s.customers.get(id)).moveTo('Bergen'));
      await projector.catchUp();
      const { publisher, messages } = broker();
      await new OutboxRelay({ outbox: store.outbox, publisher }).drain();
      const inbox = new PostgresInbox({ client: client(), schema });
      for (const message of await store.outbox.messages()) {
        if (message.kind !== 'event') continue;
        const [event] = await shredder.open([message.event]);
        await inbox.handleOnce('per-city', message.id, async (tx) => {
          await projectEvent(
            defineProjection<CustomerEvent, SqlClient>({
              name: 'per-city',
              handlers: {
                CustomerRegistered: async ({ payload }, t) => {
                  await t.query(
                    `INSERT INTO "${schema}".customers_per_city VALUES ($1, 1) ON CONFLICT (city) DO UPDATE SET n = customers_per_city.n + 1`,
                    [payload.city],
                  );
                },
              },
            }),
            customerEvents.parse(event),
            tx,
          );
        });
      }

      // Before forgetting: readable everywhere it should be, and sealed everywhere else.
      expect((await store.customers.getById(id)).props).toMatchObject({ name, email, city: 'Bergen' });
      expect(await snapshots.load(id)).toMatchObject({ version: 2, state: { name, email } });
      const leaks = (rows: readonly string[]) => rows.filter((row) => row.includes(name) || row.includes(email));
      // The scan finds plaintext where it is: in the read model built before forgetting.
      expect(leaks(await everyRow())).toEqual([expect.stringMatching(/^customer_directory: /)]);
      expect(leaks(await messages())).toEqual([]);
      expect((await messages()).length).toBeGreaterThanOrEqual(2);

      await shredder.forget(id);
      // Rebuild the read model from scratch.
      await client().query(`TRUNCATE "${schema}".customer_directory`);
      await client().query(`DELETE FROM "${schema}".ddd_checkpoints WHERE name = 'customer-directory'`);
      await projector.catchUp();

      const rows = await everyRow();
      expect(rows.some((row) => row.startsWith('ddd_events: '))).toBe(true);
      expect(rows.some((row) => row.startsWith('ddd_snapshots: '))).toBe(true);
      expect(rows.some((row) => row.startsWith('ddd_outbox: '))).toBe(true);
      expect(rows.some((row) => row.startsWith('ddd_inbox: '))).toBe(true);
      expect(rows.some((row) => row.startsWith('customers_per_city: '))).toBe(true);
      expect(leaks(rows)).toEqual([]);
      expect(leaks(await messages())).toEqual([]);
      // The events still rehydrate (past the snapshot, now unreadable), personal fields null.
      expect(await snapshots.load(id)).toBeUndefined();
      const forgotten = await store.customers.getById(id);
      expect(forgotten.version).toBe(2);
      expect(forgotten.props).toEqual({ customerId: id, name: null, email: null, city: 'Bergen' });
      const { rows: directory } = await client().query(
        `SELECT id, name, email, city FROM "${schema}".customer_directory`,
      );
      expect(directory).toEqual([{ id, name: null, email: null, city: 'Bergen' }]);
    });

    it('makes one key for a new subject when two sessions race, and refuses new data once forgotten', async () => {
      const { keys, shredder, store } = setup();
      const id = randomUUID();
      const [a, b] = [randomUUID(), randomUUID()];
      const results = await Promise.all([keys.keyFor(id), keys.keyFor(id), keys.keyFor(id)]);
      expect(new Set(results.map((key) => Buffer.from(key).toString('hex'))).size).toBe(1);
      await Promise.all([
        store.transaction((s) => s.customers.add(Customer.register(a, 'Racer A', 'a@example.com', 'Oslo'))),
        store.transaction((s) => s.customers.add(Customer.register(b, 'Racer B', 'b@example.com', 'Oslo'))),
      ]);
      await shredder.forget(a);
      await shredder.forget(a);
      const before = (await everyRow()).length;
      const failure = await store
        .transaction(async (s) => (await s.customers.get(a)).rename('Racer A again'))
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'event_sourcing.subject_forgotten', subjectId: a });
      expect((await everyRow()).length).toBe(before);
      expect((await store.customers.getById(b)).props.name).toBe('Racer B');
    });

    it('keeps a retry of sealed events idempotent, and a changed personal value a DuplicateEventError', async () => {
      const { store } = setup();
      const id = randomUUID();
      const [event] = Customer.register(id, 'Retry Person', 'retry@example.com', 'Oslo').pendingEvents.map(
        (draft, i) => ({
          ...draft,
          id: randomUUID(),
          aggregateId: id,
          aggregateVersion: i + 1,
          occurredAt: '2026-12-06T10:00:00.000Z',
          metadata: {},
        }),
      );
      const events = store.eventStore;
      const first = await events.appendToStream(id, [event as DomainEvent], { expectedVersion: 'no_stream' });
      await expect(
        events.appendToStream(id, [event as DomainEvent], { expectedVersion: 'no_stream' }),
      ).resolves.toEqual(first);
      const changed = {
        ...(event as DomainEvent),
        payload: { ...((event as DomainEvent).payload as object), name: 'Someone Else' },
      };
      await expect(events.appendToStream(id, [changed])).rejects.toMatchObject({ reason: 'content_mismatch' });
    });

    it.each(['soft', 'hard'] as const)('removes the snapshot of a stream it deletes (%s)', async (mode) => {
      const events = new PostgresEventStore({ client: client(), schema });
      const snapshots = new PostgresSnapshotStore({ client: client(), schema });
      const stream = `Customer-${randomUUID()}`;
      await events.appendToStream(stream, [
        {
          id: randomUUID(),
          type: 'Noted',
          schemaVersion: 1,
          aggregateId: stream,
          aggregateVersion: 1,
          occurredAt: new Date().toISOString(),
          payload: { note: 'kept in the snapshot' },
          metadata: {},
        },
      ]);
      await snapshots.save({ streamId: stream, version: 1, schemaVersion: 1, state: { note: 'kept in the snapshot' } });
      const other = `Customer-${randomUUID()}`;
      await snapshots.save({ streamId: other, version: 1, schemaVersion: 1, state: { note: 'another stream' } });
      await events.deleteStream(stream, { mode });
      expect(await snapshots.load(stream)).toBeUndefined();
      expect(await snapshots.load(other)).toMatchObject({ streamId: other });
    });

    it('fails the commit when the key store fails, and writes nothing', async () => {
      const { shredder } = setup();
      const broken = postgresStore({
        client: client(),
        schema,
        eventStore: {
          shredder: new CryptoShredder({
            registry: customerEvents,
            keys: {
              keyFor: async () => {
                throw new Error('KMS down');
              },
              findKeys: async () => new Map(),
              forget: (id) => shredder.forget(id),
            },
          }),
        },
        aggregates: { customers: eventSourced({ name: 'Customer', create: (id: string) => new Customer(id) }) },
      });
      const before = await everyRow();
      const id = randomUUID();
      await expect(
        broken.transaction((s) => s.customers.add(Customer.register(id, 'Nobody', 'n@example.com', 'Oslo'))),
      ).rejects.toThrow('KMS down');
      expect(await everyRow()).toEqual(before);
    });
  });
}
