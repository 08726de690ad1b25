/**
 * Suites that run unchanged on every backend (PGlite in memory, a PostgreSQL server): the same SQL
 * must give the same guarantees on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, NotFoundError, stateStored, ValidationError } from '../../src/index.js';
import {
  migrate,
  postgresStore,
  type SqlClient,
  TransactionAbortedError,
  TransactionEndedError,
} from '../../src/postgres/index.js';
import { Account, accountMapping, freshSchema } from './fixtures.js';

/** Gives each suite a schema of its own, dropped at the end. */
function useSchema(client: () => SqlClient): () => string {
  const schema = freshSchema();
  beforeAll(async () => {
    await migrate(client(), { schema });
  });
  afterAll(async () => {
    await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  return () => schema;
}

export function sqlClientSuite(client: () => SqlClient): void {
  describe('SqlClient', () => {
    const schema = useSchema(client);
    const table = () => `"${schema()}".scratch`;
    beforeAll(async () => {
      await client().query(`CREATE TABLE ${table()} (k TEXT PRIMARY KEY, v INT NOT NULL)`);
    });
    const values = async (): Promise<Record<string, number>> => {
      const { rows } = await client().query<{ k: string; v: number }>(`SELECT k, v FROM ${table()} ORDER BY k`);
      return Object.fromEntries(rows.map((row) => [row.k, Number(row.v)]));
    };

    it('listens on a case-sensitive channel, hears only committed notifications, and stops', async () => {
      const listen = client().listen;
      expect(listen).toBeTypeOf('function');
      const on = (channel: string, heard: string[]) =>
        (listen as NonNullable<typeof listen>).call(client(), channel, (payload) => heard.push(payload));
      const until = async (done: () => boolean) => {
        const deadline = Date.now() + 5000;
        while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      const channel = `Tddd "${schema()}"`;
      const heard: string[] = [];
      const alsoHeard: string[] = [];
      const stop = await on(channel, heard);
      const stopToo = await on(channel, alsoHeard);
      await client()
        .transaction(async (tx) => {
          await tx.query('SELECT pg_notify($1, $2)', [channel, 'rolled back']);
          throw new Error('undo');
        })
        .catch(() => undefined);
      await client().query('SELECT pg_notify($1, $2)', [channel.toLowerCase(), 'other channel']);
      await client().transaction(async (tx) => {
        await tx.query('SELECT pg_notify($1, $2)', [channel, 'committed']);
      });
      await until(() => heard.length > 0 && alsoHeard.length > 0);
      // One listener stopping leaves the other listening.
      await stop();
      await client().query('SELECT pg_notify($1, $2)', [channel, 'after one stopped']);
      await until(() => alsoHeard.length > 1);
      await stopToo();
      await client().query('SELECT pg_notify($1, $2)', [channel, 'after both stopped']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual(['committed']);
      expect(alsoHeard).toEqual(['committed', 'after one stopped']);
    }, 20_000);

    it('binds parameters and reports rows and the affected count', async () => {
      const inserted = await client().query(`INSERT INTO ${table()} (k, v) VALUES ($1, $2), ($3, $4) RETURNING k`, [
        'a',
        1,
        'b',
        2,
      ]);
      expect(inserted.rowCount).toBe(2);
      expect(inserted.rows.map((row) => row.k)).toEqual(['a', 'b']);
      const selected = await client().query<{ n: number }>('SELECT $1::int + 1 AS n', [41]);
      expect(selected.rows).toEqual([{ n: 42 }]);
      expect(selected.rowCount).toBe(1);
      const updated = await client().query(`UPDATE ${table()} SET v = v + 10 WHERE k = $1`, ['zzz']);
      expect(updated.rowCount).toBe(0);
    });

    it('treats text that looks like SQL as a value', async () => {
      const evil = "x'); DROP TABLE scratch; --";
      await client().query(`INSERT INTO ${table()} (k, v) VALUES ($1, 0)`, [evil]);
      const { rows } = await client().query<{ k: string }>(`SELECT k FROM ${table()} WHERE k = $1`, [evil]);
      expect(rows).toEqual([{ k: evil }]);
      await client().query(`DELETE FROM ${table()} WHERE k = $1`, [evil]);
    });

    it('commits a transaction when its work resolves, and returns its result', async () => {
      const result = await client().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('c', 3)`);
        return 'done';
      });
      expect(result).toBe('done');
      expect((await values()).c).toBe(3);
    });

    it('rolls back everything when the work throws, and rethrows', async () => {
      const boom = new Error('boom');
      await expect(
        client().transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('d', 4)`);
          await tx.query(`UPDATE ${table()} SET v = 100 WHERE k = 'a'`);
          throw boom;
        }),
      ).rejects.toBe(boom);
      const after = await values();
      expect(after.d).toBeUndefined();
      expect(after.a).toBe(1);
    });

    it('rolls back when a statement fails (a constraint violation carries its SQLSTATE)', async () => {
      const failure = await client()
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('e', 5)`);
          await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('a', 1)`);
        })
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: '23505' });
      expect((await values()).e).toBeUndefined();
    });

    it('runs a nested transaction as a savepoint: its failure undoes only its own writes', async () => {
      await client().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('f', 6)`);
        await expect(
          tx.transaction(async (inner) => {
            await inner.query(`INSERT INTO ${table()} (k, v) VALUES ('g', 7)`);
            await inner.query(`INSERT INTO ${table()} (k, v) VALUES ('a', 1)`); // duplicate key
          }),
        ).rejects.toMatchObject({ code: '23505' });
        await tx.transaction(async (inner) => {
          await inner.query(`INSERT INTO ${table()} (k, v) VALUES ('h', 8)`);
        });
      });
      const after = await values();
      expect(after.f).toBe(6);
      expect(after.g).toBeUndefined();
      expect(after.h).toBe(8);
    });

    it('refuses to report success when a failed statement was swallowed inside the work', async () => {
      await expect(
        client().transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('i', 9)`);
          await tx.query('SELECT * FROM no_such_table').catch(() => undefined);
        }),
      ).rejects.toBeInstanceOf(TransactionAbortedError);
      expect((await values()).i).toBeUndefined();
      // The client is still usable afterwards.
      await client().transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table()} (k, v) VALUES ('j', 10)`);
      });
      expect((await values()).j).toBe(10);
    });

    it('rejects a transaction client used after its transaction ended', async () => {
      let leaked: SqlClient | undefined;
      await client().transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked?.query('SELECT 1')).rejects.toBeInstanceOf(TransactionEndedError);
      await expect(leaked?.transaction(async () => 1)).rejects.toMatchObject({ code: 'postgres.transaction_ended' });
    });
  });
}

export function migrateSuite(client: () => SqlClient): void {
  describe('migrate', () => {
    const schema = freshSchema();
    afterAll(async () => {
      await client().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });

    it('creates the schema and its tables once, then does nothing', async () => {
      const first = await migrate(client(), { schema });
      expect(first).toEqual({ schema, applied: [1, 2, 3, 4, 5, 6, 7, 8], version: 8 });
      const second = await migrate(client(), { schema });
      expect(second).toEqual({ schema, applied: [], version: 8 });
      const { rows } = await client().query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual([
        'ddd_aggregates',
        'ddd_checkpoints',
        'ddd_events',
        'ddd_inbox',
        'ddd_outbox',
        'ddd_schema_migrations',
        'ddd_snapshots',
        'ddd_streams',
        'ddd_subject_keys',
      ]);
    });

    it('quotes the schema name, so mixed case is kept as written', async () => {
      const mixed = `Mixed_${schema}`;
      try {
        expect((await migrate(client(), { schema: mixed })).applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const { rows } = await client().query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
          mixed,
        ]);
        expect(rows).toHaveLength(1);
      } finally {
        await client().query(`DROP SCHEMA IF EXISTS "${mixed}" CASCADE`);
      }
    });

    it.each([
      ['an injection attempt', 'x"; DROP SCHEMA public CASCADE; --', 'invalid_identifier'],
      ['an empty name', '', 'invalid_identifier'],
      ['a leading digit', '1abc', 'invalid_identifier'],
      ['a name over 63 characters', 'a'.repeat(64), 'invalid_identifier'],
      ['a pg_ name', 'pg_mine', 'reserved'],
    ])('rejects %s as the schema before touching the database', async (_, bad, rule) => {
      const failure = await migrate(client(), { schema: bad }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect(failure).toMatchObject({ field: 'schema', rule });
      const { rows } = await client().query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [bad]);
      expect(rows).toHaveLength(0);
    });
  });
}

export function repositorySuite(client: () => SqlClient): void {
  describe("a postgresStore's state-stored repository", () => {
    const schema = useSchema(client);
    const store = () =>
      postgresStore({
        client: client(),
        schema: schema(),
        aggregates: { accounts: stateStored('Account', accountMapping) },
      });
    const accounts = () => store().accounts;
    let n = 0;
    const newId = (prefix = 'acc') => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
    const stored = async (id: string) => {
      const { rows } = await client().query<{ version: number | string; data: unknown }>(
        `SELECT version, data FROM "${schema()}".ddd_aggregates WHERE aggregate_type = 'Account' AND id = $1`,
        [id],
      );
      return rows[0] === undefined ? undefined : { version: Number(rows[0].version), data: rows[0].data };
    };

    it('saves a new aggregate, loads it back at its version, and saves changes', async () => {
      const repo = accounts();
      const account = Account.open(newId(), 'ada');
      account.deposit(10);
      account.deposit(5);
      await repo.save(account);
      expect(account.version).toBe(2);
      expect(account.persistedVersion).toBe(2);
      expect(account.pendingEvents).toEqual([]);

      const loaded = await repo.getById(account.id);
      expect(loaded).toBeInstanceOf(Account);
      expect(loaded.props).toEqual({ owner: 'ada', balance: 15, tags: [] });
      expect(loaded.version).toBe(2);
      expect(loaded.persistedVersion).toBe(2);

      loaded.rename('grace'); // no event: the version still moves on by one
      await repo.save(loaded);
      expect(loaded.version).toBe(3);
      expect(await stored(account.id)).toEqual({ version: 3, data: { owner: 'grace', balance: 15, tags: [] } });
    });

    it('rejects a schema, table or column that is not an identifier when it is made', () => {
      const make =
        ({ schema, ...options }: { schema?: string; table?: string; columns?: Record<string, string> }) =>
        () =>
          postgresStore({
            client: client(),
            ...(schema === undefined ? {} : { schema }),
            aggregates: { accounts: stateStored('Account', accountMapping, options) },
          });
      expect(make({ schema: 'a;b' })).toThrow(expect.objectContaining({ field: 'schema', rule: 'invalid_identifier' }));
      expect(make({ table: 'x"y' })).toThrow(expect.objectContaining({ field: 'table', rule: 'invalid_identifier' }));
      expect(make({ columns: { status: 'status; DROP' } })).toThrow(
        expect.objectContaining({ field: 'columns.status', rule: 'invalid_identifier' }),
      );
    });

    it('finds nothing for an unknown id, and getById throws NotFoundError', async () => {
      const repo = accounts();
      expect(await repo.findById('nobody')).toBeUndefined();
      await expect(repo.getById('nobody')).rejects.toMatchObject({
        name: 'NotFoundError',
        entity: 'Account',
        id: 'nobody',
      });
    });

    it('rejects a stale save with ConcurrencyError and writes nothing', async () => {
      const repo = accounts();
      const account = Account.open(newId(), 'ada');
      await repo.save(account);
      const first = await repo.getById(account.id);
      const second = await repo.getById(account.id);
      first.deposit(1);
      await repo.save(first);
      second.deposit(99);
      const failure = await repo.save(second).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConcurrencyError);
      expect(failure).toMatchObject({ streamId: account.id, expected: 1, actual: 2 });
      expect(second.pendingEvents).toHaveLength(1); // the events stay on the aggregate
      expect(await stored(account.id)).toEqual({ version: 2, data: { owner: 'ada', balance: 1, tags: [] } });
    });

    it('rejects a second new aggregate with the same id', async () => {
      const repo = accounts();
      const id = newId();
      await repo.save(Account.open(id, 'ada'));
      const failure = await repo.save(Account.open(id, 'mallory')).catch((error: unknown) => error);
      expect(failure).toMatchObject({ name: 'ConcurrencyError', expected: 0, actual: 1 });
      expect((await stored(id))?.data).toMatchObject({ owner: 'ada' });
    });

    it('lets exactly one of 20 concurrent saves of the same version win', async () => {
      const repo = accounts();
      const id = newId();
      await repo.save(Account.open(id, 'ada'));
      for (let round = 0; round < 3; round++) {
        const copies = await Promise.all(Array.from({ length: 20 }, () => repo.getById(id)));
        copies.forEach((copy, i) => {
          copy.deposit(i + 1);
        });
        const results = await Promise.allSettled(copies.map((copy) => repo.save(copy)));
        const winners = results.filter((result) => result.status === 'fulfilled');
        expect(winners).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected') {
            expect(result.reason).toBeInstanceOf(ConcurrencyError);
            expect(result.reason).toMatchObject({ expected: round + 1, actual: round + 2 });
          }
        }
      }
      expect((await stored(id))?.version).toBe(4);
    });

    it('rejects an invalid snapshot with ValidationError before writing anything', async () => {
      const repo = accounts();
      const account = Account.open(newId(), 'ada');
      await repo.save(account);
      account.deposit(3);
      account.corrupt();
      const failure = await repo.save(account).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect(failure).toMatchObject({ subject: 'Account snapshot', field: 'balance', rule: 'invalid_type' });
      expect(account.pendingEvents).toHaveLength(1);
      expect(await stored(account.id)).toEqual({ version: 1, data: { owner: 'ada', balance: 0, tags: [] } });
      const empty = Account.open(newId(), '');
      await expect(accounts().save(empty)).rejects.toMatchObject({ field: 'owner', rule: 'too_small' });
      expect(await stored(empty.id)).toBeUndefined();
    });

    it('refuses a snapshot with a U+0000 character before writing', async () => {
      const account = Account.open(newId(), 'nul\u0000here');
      await expect(accounts().save(account)).rejects.toMatchObject({
        name: 'ValidationError',
        rule: 'unsupported_character',
      });
      expect(await stored(account.id)).toBeUndefined();
    });

    it('validates stored documents on read, naming the bad field', async () => {
      const id = newId();
      await client().query(
        `INSERT INTO "${schema()}".ddd_aggregates (aggregate_type, id, version, data) VALUES ('Account', $1, 1, $2::jsonb)`,
        [id, JSON.stringify({ owner: 'ada', balance: 'lots', tags: [] })],
      );
      const failure = await accounts()
        .findById(id)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect(failure).toMatchObject({ subject: 'Account snapshot', field: 'balance', rule: 'invalid_type' });
    });

    it('stores ids and values that look like SQL literally', async () => {
      const repo = accounts();
      const id = `x'); DELETE FROM "${schema()}".ddd_aggregates; --`;
      const account = Account.open(id, "Robert'); DROP TABLE students;--");
      await repo.save(account);
      const loaded = await repo.getById(id);
      expect(loaded.id).toBe(id);
      expect(loaded.props.owner).toBe("Robert'); DROP TABLE students;--");
      expect(await repo.count()).toBeGreaterThan(1);
    });

    it('deletes an aggregate at its version; stale or missing deletes fail and delete nothing', async () => {
      const repo = accounts();
      const account = Account.open(newId(), 'ada');
      await repo.save(account);
      const stale = await repo.getById(account.id);
      const fresh = await repo.getById(account.id);
      fresh.deposit(1);
      await repo.save(fresh);
      await expect(repo.delete(stale)).rejects.toMatchObject({ name: 'ConcurrencyError', expected: 1, actual: 2 });
      expect((await stored(account.id))?.version).toBe(2);
      await repo.delete(fresh);
      expect(await repo.findById(account.id)).toBeUndefined();
      await expect(repo.delete(Account.open(newId(), 'nobody'))).rejects.toBeInstanceOf(NotFoundError);
      await expect(repo.delete(fresh)).rejects.toMatchObject({ name: 'ConcurrencyError', expected: 2, actual: 0 });
    });

    it('puts the events in the outbox in the same transaction, and rolls the write back when that fails', async () => {
      const shop = store();
      const account = Account.open(newId(), 'ada');
      account.deposit(7);
      await shop.accounts.save(account);
      const messages = async () =>
        (await shop.outbox?.messages())?.filter((m) => m.kind === 'event' && m.event.aggregateId === account.id);
      expect((await messages())?.map((m) => m.kind === 'event' && [m.event.type, m.event.aggregateVersion])).toEqual([
        ['Deposited', 1],
      ]);

      const failure = await shop
        .transaction(async (s) => {
          const loaded = await s.accounts.get(account.id);
          loaded.deposit(1);
          s.join({
            flush: async (tx) => {
              await tx.query('SELECT 1');
              throw new Error('outbox down');
            },
          });
          return loaded;
        })
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ message: 'outbox down' });
      expect((await stored(account.id))?.version).toBe(1);
      expect(await messages()).toHaveLength(1);
    });

    it('commits several saves in one transaction, or none when the second conflicts', async () => {
      const repo = accounts();
      const a = Account.open(newId(), 'a');
      const b = Account.open(newId(), 'b');
      await repo.save(a);
      await repo.save(b);
      const staleB = await repo.getById(b.id);
      const bNow = await repo.getById(b.id);
      bNow.deposit(1);
      await repo.save(bNow);
      staleB.deposit(1);
      await expect(repo.save(staleB)).rejects.toMatchObject({ name: 'ConcurrencyError', expected: 1, actual: 2 });

      const shop = store();
      await expect(
        shop.transaction(async (s) => {
          (await s.accounts.get(a.id)).deposit(50);
          (await s.accounts.get(b.id)).deposit(50);
          const other = await shop.accounts.getById(b.id);
          other.deposit(1);
          await shop.accounts.save(other); // b moves on before this session commits
        }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await stored(a.id)).toEqual({ version: 1, data: { owner: 'a', balance: 0, tags: [] } });
      expect(await stored(b.id)).toMatchObject({ version: 3 });

      await shop.transaction(async (s) => {
        (await s.accounts.get(a.id)).deposit(1);
        (await s.accounts.get(b.id)).deposit(1);
      });
      expect((await stored(a.id))?.version).toBe(2);
      expect((await stored(b.id))?.version).toBe(4);
    });

    describe('findAll and count', () => {
      const named = () =>
        postgresStore({
          client: client(),
          schema: schema(),
          aggregates: { ledger: stateStored('Ledger', accountMapping) },
        }).ledger;
      // Code-unit order, as in memory: uppercase before lowercase, '-' before digits.
      const ids = ['b', 'B', 'a-1', 'a10', 'a2', 'A'];
      beforeAll(async () => {
        for (const [i, id] of ids.entries()) {
          const account = Account.open(id, `owner ${id}`);
          account.deposit(i + 1);
          await named().save(account);
        }
      });

      it('lists every aggregate of its type in code-unit id order, paged', async () => {
        const all = await named().findAll();
        expect(all.map((account) => account.id)).toEqual([...ids].sort());
        expect(all.every((account) => account instanceof Account && account.version === 1)).toBe(true);
        const page = await named().findAll(undefined, { offset: 2, limit: 3 });
        expect(page.map((account) => account.id)).toEqual([...ids].sort().slice(2, 5));
        expect(await named().findAll(undefined, { limit: 0 })).toEqual([]);
        expect(await named().count()).toBe(ids.length);
      });

      it('filters with a predicate or a specification-like object, then pages', async () => {
        const rich = (account: Account) => account.props.balance >= 3;
        expect((await named().findAll(rich)).map((account) => account.id)).toEqual(['A', 'a-1', 'a10', 'a2']);
        expect((await named().findAll(rich, { offset: 1, limit: 2 })).map((account) => account.id)).toEqual([
          'a-1',
          'a10',
        ]);
        expect(await named().count(rich)).toBe(4);
        const spec = { isSatisfiedBy: (account: Account) => account.id.startsWith('a') };
        expect(await named().count(spec)).toBe(3);
      });

      it('runs a specification as SQL over the stored document and the id column, then pages', async () => {
        const rich = { node: { op: 'gte', field: 'balance', value: 3 }, isSatisfiedBy: () => true };
        // isSatisfiedBy is not consulted: the database filters.
        expect((await named().findAll(rich)).map((account) => account.id)).toEqual(['A', 'a-1', 'a10', 'a2']);
        expect((await named().findAll(rich, { offset: 1, limit: 2 })).map((account) => account.id)).toEqual([
          'a-1',
          'a10',
        ]);
        expect(await named().count(rich)).toBe(4);
        const byId = { node: { op: 'startsWith', field: 'id', value: 'a' }, isSatisfiedBy: () => true };
        expect(await named().count(byId)).toBe(3);
        const evil = { node: { op: 'eq', field: 'owner', value: "owner b' OR '1'='1" }, isSatisfiedBy: () => true };
        expect(await named().count(evil)).toBe(0);
        const owner = { node: { op: 'eq', field: 'owner', value: 'owner b' }, isSatisfiedBy: () => true };
        expect((await named().findAll(owner)).map((account) => account.id)).toEqual(['b']);
      });

      it('refuses a specification with an in-memory predicate, naming it', async () => {
        const mixed = {
          node: {
            op: 'and',
            of: [
              { op: 'gt', field: 'balance', value: 1 },
              { op: 'predicate', name: 'isVip' },
            ],
          },
          isSatisfiedBy: () => true,
        };
        await expect(named().findAll(mixed)).rejects.toMatchObject({
          name: 'UntranslatableSpecificationError',
          predicate: 'isVip',
        });
        await expect(named().count(mixed)).rejects.toThrow(/isVip/);
      });

      it('sorts by orderBy then id, the same in SQL and in process', async () => {
        const desc = { orderBy: [{ field: 'balance', direction: 'desc' as const }] };
        const ids = (list: readonly Account[]) => list.map((account) => account.id);
        expect(ids(await named().findAll(undefined, desc))).toEqual(['A', 'a2', 'a10', 'a-1', 'B', 'b']);
        expect(ids(await named().findAll(undefined, { ...desc, offset: 1, limit: 2 }))).toEqual(['a2', 'a10']);
        const richSpec = { node: { op: 'gte', field: 'balance', value: 3 }, isSatisfiedBy: () => true } as const;
        const rich = (account: Account) => account.props.balance >= 3;
        expect(ids(await named().findAll(richSpec, desc))).toEqual(['A', 'a2', 'a10', 'a-1']);
        expect(ids(await named().findAll(rich, desc))).toEqual(['A', 'a2', 'a10', 'a-1']);
        const byOwner = { orderBy: [{ field: 'owner' }] };
        expect(ids(await named().findAll(undefined, byOwner))).toEqual(['A', 'B', 'a-1', 'a10', 'a2', 'b']);
        expect(ids(await named().findAll(() => true, byOwner))).toEqual(['A', 'B', 'a-1', 'a10', 'a2', 'b']);
        await expect(
          named().findAll(undefined, { orderBy: [{ field: 'balance', direction: 'up' as 'asc' }] }),
        ).rejects.toMatchObject({ name: 'ValidationError', field: 'orderBy.0.direction' });
      });

      it.each([
        [{ offset: -1 }, 'offset', 'invalid_offset'],
        [{ offset: 1.5 }, 'offset', 'invalid_offset'],
        [{ limit: -2 }, 'limit', 'invalid_limit'],
        [{ limit: Number.NaN }, 'limit', 'invalid_limit'],
      ])('rejects the page %j with ValidationError', async (page, field, rule) => {
        await expect(named().findAll(undefined, page)).rejects.toMatchObject({ name: 'ValidationError', field, rule });
      });
    });
  });
}
