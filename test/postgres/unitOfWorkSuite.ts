import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { ConcurrencyError, type DomainEvent, InMemoryUnitOfWork } from '../../src/index.js';
import {
  migrate,
  PostgresEventStore,
  PostgresOutbox,
  PostgresRepository,
  PostgresUnitOfWork,
  type SqlClient,
} from '../../src/postgres/index.js';
import { Account, accountMapping, freshSchema } from './fixtures.js';

/** Units of work, the outbox and its relay, on any backend. */
export function unitOfWorkSuite(client: () => SqlClient): void {
  describe('PostgresUnitOfWork, PostgresOutbox and the relay', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const outbox = () => new PostgresOutbox({ client: client(), schema });
    const accounts = () =>
      new PostgresRepository({ client: client(), name: 'Account', schema, mapping: accountMapping, outbox: outbox() });
    const unitOfWork = () => new PostgresUnitOfWork({ client: client() });
    const reset = () => client().query(`TRUNCATE "${schema}".ddd_outbox, "${schema}".ddd_aggregates`);
    let n = 0;
    const id = () => `uow-${++n}`;

    it('commits the state of several aggregates and their events, stamped with the metadata, together', async () => {
      await reset();
      const [a, b] = [Account.open(id(), 'a'), Account.open(id(), 'b')];
      a.deposit(10);
      b.deposit(20);
      await unitOfWork().run(
        async (tx) => {
          await accounts().withTransaction(tx).save(a);
          await accounts().withTransaction(tx).save(b);
          // Reads inside the unit of work see its own writes.
          expect((await accounts().withTransaction(tx).getById(a.id)).props.balance).toBe(10);
        },
        { metadata: { correlationId: 'req-1' } },
      );
      const messages = await outbox().messages();
      expect(messages.map((message) => [message.event.aggregateId, message.event.metadata.correlationId])).toEqual([
        [a.id, 'req-1'],
        [b.id, 'req-1'],
      ]);
      expect((await accounts().getById(b.id)).version).toBe(1);
    });

    it('rolls back the first save and its events when the second conflicts', async () => {
      await reset();
      const a = Account.open(id(), 'a');
      const b = Account.open(id(), 'b');
      await accounts().save(a);
      await accounts().save(b);
      const staleB = await accounts().getById(b.id);
      const freshB = await accounts().getById(b.id);
      freshB.deposit(1);
      await accounts().save(freshB);
      const outboxBefore = (await outbox().messages()).length;

      const aLoaded = await accounts().getById(a.id);
      aLoaded.deposit(5);
      staleB.deposit(5);
      await expect(
        unitOfWork().run(async (tx) => {
          await accounts().withTransaction(tx).save(aLoaded);
          await accounts().withTransaction(tx).save(staleB);
        }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await accounts().getById(a.id)).version).toBe(1);
      expect(await outbox().messages()).toHaveLength(outboxBefore);
    });

    it("rolls back the transaction's own SQL writes and the save together when the work fails", async () => {
      await reset();
      await client().query(`CREATE TABLE IF NOT EXISTS "${schema}".audit (account_id TEXT NOT NULL)`);
      const account = Account.open(id(), 'a');
      account.deposit(1);
      await expect(
        unitOfWork().run(async (tx) => {
          await tx.client.query(`INSERT INTO "${schema}".audit VALUES ($1)`, [account.id]);
          await accounts().withTransaction(tx).save(account);
          throw new Error('late failure');
        }),
      ).rejects.toThrow('late failure');
      expect(await client().query(`SELECT * FROM "${schema}".audit`)).toMatchObject({ rows: [] });
      expect(await accounts().findById(account.id)).toBeUndefined();
      expect(await outbox().messages()).toEqual([]);
    });

    it('appends to the event store in the same transaction as a state-stored save', async () => {
      await reset();
      const store = new PostgresEventStore({ client: client(), schema });
      const account = Account.open(id(), 'a');
      account.deposit(1);
      const [event] = account.pendingEvents as readonly DomainEvent[];
      await expect(
        unitOfWork().run(async (tx) => {
          await store.withTransaction(tx).appendToStream(`ledger-${account.id}`, [event as DomainEvent]);
          await accounts().withTransaction(tx).save(account);
          throw new Error('late failure');
        }),
      ).rejects.toThrow('late failure');
      expect(await store.readStream(`ledger-${account.id}`)).toEqual([]);
      expect(await accounts().findById(account.id)).toBeUndefined();
      // The failed unit of work left `account` marked saved, as every repository does: start afresh.
      const again = Account.open(account.id, 'a');
      again.deposit(1);
      const [retried] = again.pendingEvents as readonly DomainEvent[];
      await unitOfWork().run(async (tx) => {
        await store.withTransaction(tx).appendToStream(`ledger-${account.id}`, [retried as DomainEvent]);
        await accounts().withTransaction(tx).save(again);
      });
      expect(await store.readStream(`ledger-${account.id}`)).toHaveLength(1);
      expect((await accounts().getById(account.id)).version).toBe(1);
    });

    it('refuses a transaction of another unit of work', async () => {
      await new InMemoryUnitOfWork().run(async (tx) => {
        expect(() => accounts().withTransaction(tx)).toThrow(expect.objectContaining({ rule: 'foreign_transaction' }));
        expect(() => new PostgresEventStore({ client: client(), schema }).withTransaction(tx)).toThrow(
          expect.objectContaining({ rule: 'foreign_transaction' }),
        );
        await expect(outbox().add([], tx)).rejects.toMatchObject({ rule: 'foreign_transaction' });
      });
    });

    it('publishes pending messages in order, once, and marks them published', async () => {
      await reset();
      const account = Account.open(id(), 'a');
      account.deposit(1);
      account.deposit(2);
      account.deposit(3);
      await accounts().save(account);
      const seen: number[] = [];
      const publisher = {
        publish: async (event: DomainEvent) => {
          seen.push(event.aggregateVersion);
        },
      };
      const relay = new OutboxRelay({ outbox: outbox(), publisher });
      expect(await relay.drain()).toBe(3);
      expect(await relay.drain()).toBe(0);
      expect(seen).toEqual([1, 2, 3]);
      expect((await outbox().messages()).every((message) => message.publishedAt !== undefined)).toBe(true);
    });

    it('counts a failed attempt, keeps its error, and holds back the messages after it', async () => {
      await reset();
      const account = Account.open(id(), 'a');
      account.deposit(1);
      account.deposit(2);
      await accounts().save(account);
      let calls = 0;
      const result = await outbox().publishPending(
        async () => {
          calls++;
          throw new Error('broker down');
        },
        { retryDelayMs: () => 60_000 },
      );
      expect(calls).toBe(1);
      expect(result.published).toBe(0);
      expect(result.failure?.message).toMatchObject({ attempts: 1, lastError: 'broker down' });
      // Not due yet: nothing is published, and the second message waits behind the first.
      expect(await outbox().publishPending(async () => undefined)).toEqual({ published: 0 });
      await client().query(`UPDATE "${schema}".ddd_outbox SET available_at = now() - interval '1 second'`);
      const order: number[] = [];
      expect(
        await outbox().publishPending(async (message) => {
          order.push(message.event.aggregateVersion);
        }),
      ).toEqual({ published: 2 });
      expect(order).toEqual([1, 2]);
    });
  });
}
