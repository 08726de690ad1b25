import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { describe, expectTypeOf, it } from 'vitest';
import type { EventStore } from '../../src/event-sourcing/index.js';
import type { Outbox, Repository, TransactionalRepository, UnitOfWork } from '../../src/index.js';
import {
  type PGliteLike,
  type PgPoolLike,
  type PostgresEventStore,
  type PostgresOutbox,
  PostgresRepository,
  type PostgresTransaction,
  type PostgresUnitOfWork,
  pgliteSqlClient,
  pgSqlClient,
  type SnapshotMapping,
  type SqlClient,
  type SqlFragment,
  toSql,
} from '../../src/postgres/index.js';
import { spec } from '../../src/specification/index.js';
import { Account, type AccountSnapshot, AccountSnapshot as AccountSnapshotSchema, accountMapping } from './fixtures.js';

declare const client: SqlClient;

describe('tactical-ddd/postgres types', () => {
  it('accepts the real drivers through their structural types', () => {
    expectTypeOf<pg.Pool>().toExtend<PgPoolLike>();
    expectTypeOf<PGlite>().toExtend<PGliteLike>();
    expectTypeOf(pgSqlClient).returns.toEqualTypeOf<SqlClient>();
    expectTypeOf(pgliteSqlClient).returns.toEqualTypeOf<SqlClient>();
  });

  it('types query rows', async () => {
    const { rows } = await client.query<{ n: number }>('SELECT 1 AS n');
    expectTypeOf(rows).toEqualTypeOf<readonly { n: number }[]>();
  });

  it('infers the repository from its mapping and implements Repository', () => {
    const repo = new PostgresRepository({ client, name: 'Account', mapping: accountMapping });
    expectTypeOf(repo).toExtend<Repository<Account, string>>();
    expectTypeOf(repo.findById).returns.resolves.toEqualTypeOf<Account | undefined>();
    expectTypeOf(repo.withClient(client)).toEqualTypeOf(repo);
  });

  it('implements the core unit of work, outbox and transactional repository ports', () => {
    expectTypeOf<PostgresUnitOfWork>().toExtend<UnitOfWork<PostgresTransaction>>();
    expectTypeOf<PostgresOutbox>().toExtend<Outbox>();
    expectTypeOf<PostgresEventStore>().toExtend<EventStore>();
    const repo = new PostgresRepository({ client, name: 'Account', mapping: accountMapping });
    expectTypeOf(repo).toExtend<TransactionalRepository<Account, string>>();
  });

  it('compiles specifications and their ASTs, nothing else', () => {
    expectTypeOf(toSql(spec.eq<Account>('owner', 'ada'))).toEqualTypeOf<SqlFragment>();
    expectTypeOf(toSql({ op: 'isNull', field: 'note' })).toEqualTypeOf<SqlFragment>();
    // @ts-expect-error: not a specification
    toSql({ op: 'like', field: 'a', value: 'x' });
  });

  it('rejects a mapping whose snapshot does not match its schema', () => {
    const bad: SnapshotMapping<Account, AccountSnapshot> = {
      schema: AccountSnapshotSchema,
      // @ts-expect-error: balance must be a number
      toSnapshot: (account) => ({ owner: account.props.owner, balance: 'lots', tags: [] }),
      fromSnapshot: (snapshot, { id, version }) => Account.restore(id, snapshot, version),
    };
    expectTypeOf(bad).not.toBeAny();
    // @ts-expect-error: the client is required
    new PostgresRepository({ name: 'Account', mapping: accountMapping });
  });
});
