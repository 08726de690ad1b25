import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import { type DomainEvent, stateStored } from '../../src/index.js';
import { migrate, postgresStore, type SqlClient } from '../../src/postgres/index.js';
import { Account, accountMapping, freshSchema } from './fixtures.js';

/** Sessions writing SQL of their own, the outbox and its relay, on any backend. */
export function sessionSuite(client: () => SqlClient): void {
  describe('postgresStore sessions, the outbox and the relay', () => {
    const schema = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
      await client().query(`CREATE TABLE "${schema}".audit (account_id TEXT NOT NULL)`);
    });
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    const store = () =>
      postgresStore({ client: client(), schema, aggregates: { accounts: stateStored('Account', accountMapping) } });
    const outbox = () => store().outbox as NonNullable<ReturnType<typeof store>['outbox']>;
    const reset = () =>
      client().query(`TRUNCATE "${schema}".ddd_outbox, "${schema}".ddd_aggregates, "${schema}".audit`);
    let n = 0;
    const id = () => `session-${++n}`;
    const audit = async () => (await client().query(`SELECT account_id FROM "${schema}".audit`)).rows;

    it("commits a participant's SQL with the aggregates, and rolls both back when the work fails", async () => {
      await reset();
      const shop = store();
      const account = Account.open(id(), 'a');
      account.deposit(1);
      const record = {
        flush: async (tx: SqlClient) =>
          void (await tx.query(`INSERT INTO "${schema}".audit VALUES ($1)`, [account.id])),
      };
      await expect(
        shop.transaction((s) => {
          s.accounts.add(account);
          s.join(record);
          throw new Error('late failure');
        }),
      ).rejects.toThrow('late failure');
      await expect(
        shop.transaction((s) => {
          s.accounts.add(account);
          s.join(record);
          s.join({
            flush: async () => {
              throw new Error('read model down');
            },
          });
        }),
      ).rejects.toThrow('read model down');
      expect(await audit()).toEqual([]);
      expect(await shop.accounts.findById(account.id)).toBeUndefined();
      expect(await outbox().messages()).toEqual([]);
      await shop.transaction((s) => {
        s.accounts.add(account);
        s.join(record);
      });
      expect(await audit()).toEqual([{ account_id: account.id }]);
      expect((await outbox().messages()).map((m) => m.id)).toHaveLength(1);
    });

    it('commits within an outer transaction, and rolls back with it', async () => {
      await reset();
      const shop = store();
      const account = Account.open(id(), 'a');
      account.deposit(1);
      await expect(
        client().transaction(async (tx) => {
          await shop.transaction((s) => s.accounts.add(account), { within: tx });
          throw new Error('the outer work failed');
        }),
      ).rejects.toThrow('the outer work failed');
      expect(await shop.accounts.findById(account.id)).toBeUndefined();
      expect(await outbox().messages()).toEqual([]);
      await client().transaction((tx) =>
        shop.transaction((s) => s.accounts.add(Account.open(account.id, 'a')), { within: tx }),
      );
      expect((await shop.accounts.getById(account.id)).version).toBe(1);
    });

    it('publishes pending messages in order, once, and marks them published', async () => {
      await reset();
      const account = Account.open(id(), 'a');
      account.deposit(1);
      account.deposit(2);
      account.deposit(3);
      await store().accounts.save(account);
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
      await store().accounts.save(account);
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
          if (message.kind === 'event') order.push(message.event.aggregateVersion);
        }),
      ).toEqual({ published: 2 });
      expect(order).toEqual([1, 2]);
    });
  });
}
