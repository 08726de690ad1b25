import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { RecordedEvent } from '../../src/event-sourcing/EventStore.js';
import {
  type AggregateOptions,
  AggregateRoot,
  type DomainEvent,
  defineEvent,
  type EventOf,
  type OutboxEntry,
  type SnapshotMapping,
} from '../../src/index.js';
import { type ClosableSqlClient, connectPg, openPGlite, type SqlClient } from '../../src/postgres/index.js';

export const Deposited = defineEvent('Deposited', z.object({ amount: z.int().positive() }));
export type AccountEvent = EventOf<typeof Deposited>;

export interface AccountProps {
  owner: string;
  balance: number;
  tags: string[];
}

/** A small state-stored aggregate with free-form string ids (so ids can carry SQL). */
export class Account extends AggregateRoot<string, AccountProps, AccountEvent> {
  static open(id: string, owner: string, options?: AggregateOptions): Account {
    return new Account(id, { owner, balance: 0, tags: [] }, options);
  }

  static restore(id: string, props: AccountProps, version: number): Account {
    return new Account(id, props, { version });
  }

  deposit(amount: number): void {
    this.state.balance += amount;
    this.raise(Deposited({ amount }));
  }

  rename(owner: string): void {
    this.state.owner = owner;
  }

  /** Corrupts the state so that its snapshot fails validation (for the bad-input tests). */
  corrupt(): void {
    this.state.balance = Number.NaN;
  }
}

export const AccountSnapshot = z.strictObject({
  owner: z.string().min(1),
  balance: z.number(),
  tags: z.array(z.string()),
});
export type AccountSnapshot = z.infer<typeof AccountSnapshot>;

export const accountMapping: SnapshotMapping<Account, AccountSnapshot> = {
  schema: AccountSnapshot,
  toSnapshot: (account) => ({
    owner: account.props.owner,
    balance: account.props.balance,
    tags: [...account.props.tags],
  }),
  fromSnapshot: (snapshot, { id, version }) => Account.restore(id, snapshot, version),
};

/** The test server: `DATABASE_URL`, or this machine's PostgreSQL. */
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether the PostgreSQL server answers. In CI it must: an unreachable server fails the run
 * instead of skipping the server tests.
 */
export async function serverAvailable(): Promise<boolean> {
  const client = await connectPg({ connectionString: databaseUrl, connectionTimeoutMillis: 3000, max: 1 });
  try {
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true')
      throw new Error(`CI needs the PostgreSQL server at ${databaseUrl}`, { cause: error });
    console.warn(`Skipping PostgreSQL server tests: no server at ${databaseUrl} (${String(error)})`);
    return false;
  } finally {
    await client.close();
  }
}

/** A schema name no other test file uses. */
export const freshSchema = (): string => `t_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

/** The two kinds of database every suite runs on. */
export interface Backend {
  readonly name: string;
  open(): Promise<ClosableSqlClient>;
}

export const pgliteMemory: Backend = { name: 'PGlite (memory)', open: () => openPGlite() };
export const pgServer: Backend = {
  name: 'PostgreSQL server',
  open: () => connectPg({ connectionString: databaseUrl, max: 25 }),
};

/**
 * Every event of a schema's event store in insertion order, read straight from the table:
 * `readAll` hides events newer than the oldest transaction still running on the server, and on a
 * shared server that can be anyone's.
 */
export async function storedEvents(client: SqlClient, schema: string): Promise<readonly RecordedEvent[]> {
  const { rows } = await client.query<{
    stream_id: string;
    version: string | number;
    event_id: string;
    payload: unknown;
    metadata: Record<string, unknown>;
  }>(`SELECT stream_id, version, event_id, payload, metadata FROM "${schema}".ddd_events ORDER BY global_position`);
  return rows.map(
    (row) =>
      ({
        streamId: row.stream_id,
        version: Number(row.version),
        id: row.event_id,
        payload: row.payload,
        metadata: row.metadata,
      }) as unknown as RecordedEvent,
  );
}

/** Events as outbox entries (`kind: 'event'`). */
export const asEntries = (events: readonly DomainEvent[]): OutboxEntry[] =>
  events.map((event) => ({ kind: 'event', event }));
