import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { describe, expectTypeOf, it } from 'vitest';
import type { EventStore } from '../../src/event-sourcing/index.js';
import {
  type Outbox,
  type Repository,
  type SessionEventStore,
  type SnapshotMapping,
  stateStored,
} from '../../src/index.js';
import {
  type PGliteLike,
  type PgPoolLike,
  type PostgresEventStore,
  type PostgresOutbox,
  pgliteSqlClient,
  pgSqlClient,
  postgresStore,
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

  it('infers the store repository from its mapping and implements Repository', () => {
    const store = postgresStore({ client, aggregates: { accounts: stateStored('Account', accountMapping) } });
    expectTypeOf(store.accounts).toExtend<Repository<Account, string>>();
    expectTypeOf(store.accounts.findById).returns.resolves.toEqualTypeOf<Account | undefined>();
    expectTypeOf(store.outbox).toExtend<PostgresOutbox>();
    const bare = postgresStore({ client, outbox: false, aggregates: {} });
    expectTypeOf(bare.outbox).toEqualTypeOf<undefined>();
  });

  it('implements the core outbox, event store and session event store ports', () => {
    expectTypeOf<PostgresOutbox>().toExtend<Outbox>();
    expectTypeOf<PostgresEventStore>().toExtend<EventStore>();
    expectTypeOf<PostgresEventStore>().toExtend<SessionEventStore<SqlClient>>();
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
    postgresStore({ aggregates: { accounts: stateStored('Account', accountMapping) } });
  });
});
