import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, OutboxRelay } from '../../src/cqrs/index.js';
import {
  defineEventRegistry,
  defineProjection,
  eventSourced,
  subscribeProjection,
} from '../../src/event-sourcing/index.js';
import type { DomainEvent } from '../../src/index.js';
import {
  migrate,
  PostgresCheckpointStore,
  PostgresEventStore,
  PostgresInbox,
  PostgresProjector,
  postgresStore,
  type SqlClient,
} from '../../src/postgres/index.js';
import {
  Account,
  AccountCreated,
  type AccountEvent,
  AccountId,
  MoneyDeposited,
  MoneyWithdrawn,
} from '../event-sourcing/fixtures/Account.js';
import { freshSchema } from './fixtures.js';

const deposited = (account: string, version: number, amount: number): DomainEvent => ({
  id: randomUUID(),
  type: 'Deposited',
  schemaVersion: 1,
  aggregateId: account,
  aggregateVersion: version,
  occurredAt: new Date().toISOString(),
  payload: { amount },
  metadata: {},
});

/** A read model kept with its checkpoint in one transaction, on any backend. */
export function projectorSuite(client: () => SqlClient): void {
  describe('PostgresProjector', () => {
    const schema = freshSchema();
    let store: PostgresEventStore;
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(`CREATE TABLE "${schema}".balances (id TEXT PRIMARY KEY, amount INT NOT NULL)`);
      store = new PostgresEventStore({ client: client(), schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const balances = async () => {
      const { rows } = await client().query<{ id: string; amount: number }>(
        `SELECT id, amount FROM "${schema}".balances ORDER BY id`,
      );
      return Object.fromEntries(rows.map((row) => [row.id, Number(row.amount)]));
    };
    const projector = (name: string, fail?: (event: DomainEvent) => boolean, batchSize = 3) =>
      new PostgresProjector({
        client: client(),
        store,
        batchSize,
        projection: defineProjection<DomainEvent<'Deposited', { amount: number }>, SqlClient>({
          name,
          handlers: {
            Deposited: async (event, tx) => {
              if (fail?.(event)) throw new Error(`cannot apply ${event.aggregateVersion}`);
              await tx.query(
                `INSERT INTO "${schema}".balances (id, amount) VALUES ($1, $2)
                 ON CONFLICT (id) DO UPDATE SET amount = "${schema}".balances.amount + EXCLUDED.amount`,
                [event.aggregateId, event.payload.amount],
              );
            },
          },
        }),
      });

    it('applies each event once, a batch and its checkpoint per transaction', async () => {
      await store.appendToStream('a', [deposited('a', 1, 10), deposited('a', 2, 5)]);
      await store.appendToStream('b', [deposited('b', 1, 7)]);
      await store.appendToStream('a', [deposited('a', 3, 1), deposited('a', 4, 1)], { expectedVersion: 2 });
      expect(await projector('balances').catchUp()).toBe(5);
      expect(await balances()).toEqual({ a: 17, b: 7 });
      expect(await projector('balances').catchUp()).toBe(0);
      const all = await store.readAll();
      expect(await new PostgresCheckpointStore({ client: client(), schema }).load('balances')).toBe(
        all[all.length - 1]?.globalPosition,
      );
    });

    it('rolls back a failing batch with its checkpoint, and applies it once when retried', async () => {
      await store.appendToStream('c', [deposited('c', 1, 1), deposited('c', 2, 2), deposited('c', 3, 4)]);
      const failing = projector('balances', (event) => event.aggregateId === 'c' && event.aggregateVersion === 3);
      await expect(failing.catchUp()).rejects.toThrow('cannot apply 3');
      expect((await balances()).c).toBeUndefined();
      expect(await projector('balances').catchUp()).toBe(3);
      expect((await balances()).c).toBe(7);
    });

    it('lets concurrent instances of one projection take turns, applying each event once', async () => {
      await client().query(`TRUNCATE "${schema}".balances`);
      const events = Array.from({ length: 12 }, (_, i) => deposited('d', i + 1, 1));
      await store.appendToStream('d', events);
      const [first, second] = await Promise.all([projector('fresh').catchUp(), projector('fresh').catchUp()]);
      expect((first as number) + (second as number)).toBe((await store.readAll()).length);
      expect((await balances()).d).toBe(12);
    });

    it('rejects a projection without a name or a bad batch size', () => {
      expect(() => new PostgresProjector({ client: client(), store, projection: { name: '', handlers: {} } })).toThrow(
        expect.objectContaining({ field: 'projection' }),
      );
      expect(
        () => new PostgresProjector({ client: client(), store, batchSize: 0, projection: { name: 'x', handlers: {} } }),
      ).toThrow(expect.objectContaining({ field: 'batchSize' }));
    });
  });

  describe('one projection definition, from readAll and from the outbox', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(
        `CREATE TABLE "${schema}".balances (id TEXT PRIMARY KEY, cents INT NOT NULL, moves INT NOT NULL)`,
      );
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const upsert = (tx: SqlClient, id: string, cents: number, moves: number) =>
      tx
        .query(
          `INSERT INTO "${schema}".balances (id, cents, moves) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET cents = "${schema}".balances.cents + EXCLUDED.cents,
             moves = "${schema}".balances.moves + EXCLUDED.moves`,
          [id, cents, moves],
        )
        .then(() => undefined);
    const balances = defineProjection<AccountEvent, SqlClient>({
      name: 'balances',
      handlers: {
        AccountCreated: (event, tx) => upsert(tx, event.aggregateId, event.payload.initialBalanceCents, 0),
        MoneyDeposited: (event, tx) => upsert(tx, event.aggregateId, event.payload.cents, 1),
        MoneyWithdrawn: (event, tx) => upsert(tx, event.aggregateId, -event.payload.cents, 1),
      },
    });
    const readModel = async () =>
      (await client().query(`SELECT id, cents, moves FROM "${schema}".balances ORDER BY id`)).rows;

    it('gives the same read model, each write committed with its checkpoint or its inbox entry', async () => {
      const bank = postgresStore({
        client: client(),
        schema,
        eventStore: { registry: defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] }) },
        aggregates: { accounts: eventSourced({ name: 'Account', create: (id: AccountId) => new Account(id) }) },
      });
      const ids = [1, 2, 3].map((n) => AccountId.parse(`0192f7c4-7e3a-7b1e-9a57-00000000020${n}`));
      await bank.transaction((s) => {
        for (const id of ids) s.accounts.add(Account.create(id, 'owner', 100));
      });
      for (let i = 0; i < 24; i++) {
        await bank
          .transaction(async (s) => {
            const account = await s.accounts.get(ids[i % 3] as AccountId);
            if (i % 4 === 3) account.withdraw(40 + i);
            else account.deposit(10 + i);
          })
          .catch(() => undefined); // an overdraft commits nothing
      }
      await new PostgresProjector({
        client: client(),
        store: bank.eventStore,
        projection: balances,
        batchSize: 5,
      }).catchUp();
      const fromReadAll = await readModel();
      await client().query(`TRUNCATE "${schema}".balances`);

      const bus = new EventBus();
      subscribeProjection(bus, balances, { inbox: new PostgresInbox({ client: client(), schema }) });
      const outbox = bank.outbox;
      if (outbox === undefined) throw new Error('the store has an outbox');
      await new OutboxRelay({ outbox, publisher: bus, batchSize: 5 }).drain();
      // Redelivered events are dropped by the inbox, in the read model's transaction.
      for (const message of await outbox.messages()) if (message.kind === 'event') await bus.publish(message.event);
      expect(await readModel()).toEqual(fromReadAll);
      expect(fromReadAll).toHaveLength(3);
    });
  });

  describe('a session within an inbox transaction', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it('loads and writes through the inbox transaction, committing or rolling back with its entry', async () => {
      const bank = postgresStore({
        client: client(),
        schema,
        eventStore: { registry: defineEventRegistry({ current: [AccountCreated, MoneyDeposited, MoneyWithdrawn] }) },
        aggregates: { accounts: eventSourced({ name: 'Account', create: (id: AccountId) => new Account(id) }) },
      });
      const id = AccountId.parse('0192f7c4-7e3a-7b1e-9a57-000000000301');
      await bank.transaction((s) => s.accounts.add(Account.create(id, 'owner', 100)));
      const inbox = new PostgresInbox({ client: client(), schema });
      const deposit = (messageId: string, cents: number, fail = false) =>
        inbox.handleOnce('billing', messageId, async (tx) => {
          await bank.transaction(async (s) => (await s.accounts.get(id)).deposit(cents), { within: tx });
          if (fail) throw new Error('after the session');
        });
      expect(await deposit('m-1', 5)).toBe(true);
      expect(await deposit('m-1', 5)).toBe(false);
      await expect(deposit('m-2', 7, true)).rejects.toThrow('after the session');
      const account = await bank.accounts.getById(id);
      expect(account.props.balanceCents).toBe(105);
      expect(account.version).toBe(2);
      const outbox = await bank.outbox.messages();
      expect(outbox.map((m) => (m.kind === 'event' ? m.event.type : m.command.type))).toEqual([
        'AccountCreated',
        'MoneyDeposited',
      ]);
    });
  });
}
